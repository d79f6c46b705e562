package io.rldt.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A plain timing harness for the comparison with the peers ({@code jmh/compare-pytorch.sh}): runs the JMH
 * benchmarks' own state classes (same setup, same checks, same workloads) in one JVM with {@code threads}
 * threads, and prints one line per workload:
 * <pre>RESULT name=&lt;workload&gt; median_ms=&lt;ms&gt; n=&lt;runs&gt; load_before=&lt;1-min load&gt; load_after=&lt;1-min load&gt;</pre>
 * The peers ({@code jmh/pytorch/workloads.py} in PyTorch eager and {@code torch.compile},
 * {@code jmh/pytorch/workloads_jax.py}) print the same lines for the same names, after checking themselves against
 * the numbers {@link PeerReference} writes from the same state classes. Timing: warm-up
 * for at least {@code warmup} seconds (and 3 runs), then at least {@code measure} seconds (and 5 runs), median.
 * JMH stays the reference for the README's JMH table; this exists so that Java and PyTorch are timed the same
 * way, interleaved, on the same machine.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.rldt.jmh.PeerTimings --threads 2 [--only gemm,actor_step]
 * [--warmup 2] [--measure 3]}
 */
public final class PeerTimings {
    private PeerTimings() {}

    private static final String[] GEMM_SHAPES = {"64x256x256", "256x256x256", "1024x256x256", "256x57x512",
            "256x512x512", "256x41x256"};

    public static void main(String[] args) throws Exception {
        int threads = 1;
        double warmup = 2, measure = 3;
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--measure" -> measure = Double.parseDouble(args[++i]);
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                default -> throw new IllegalArgumentException("PeerTimings: unknown argument " + args[i]
                        + "; expected --threads N, --only a,b, --warmup s, --measure s");
            }
        }
        System.out.printf("INFO java=%s threads=%d cpu=%s%n", Runtime.version(), threads, cpuModel());
        Map<String, Supplier<Runnable>> work = workloads(threads);
        for (var e : work.entrySet()) {
            String name = e.getKey();
            if (only != null && only.stream().noneMatch(name::startsWith)) continue;
            Runnable r = e.getValue().get();
            time(name, r, warmup, measure);
        }
    }

    /** Name → factory of the timed action (the factory runs the benchmark's setup, untimed). */
    static Map<String, Supplier<Runnable>> workloads(int threads) {
        Map<String, Supplier<Runnable>> m = new LinkedHashMap<>();
        for (String shape : GEMM_SHAPES) {
            m.put("gemm_" + shape, () -> {
                GemmBench g = new GemmBench();
                g.shape = shape;
                g.backend = "jvm-simd-" + threads;
                g.setup();
                return () -> sink = g.matmul();
            });
        }
        for (String net : new String[] {"velocity", "critic"}) {
            m.put("mlp_" + net, () -> {
                MlpBench b = new MlpBench();
                b.net = net;
                b.threads = threads;
                b.setup();
                return () -> sink = b.step();
            });
        }
        m.put("svgd_p8_d24", () -> {
            SvgdBench b = new SvgdBench();
            b.particles = 8;
            b.dim = 24;
            b.impl = "fast";
            b.threads = threads;
            b.setup();
            return () -> sink = b.field();
        });
        m.put("actor_step", () -> {
            RldtStepBench b = new RldtStepBench();
            b.threads = threads;
            b.setup();
            return () -> sink = b.actor();
        });
        m.put("critic_step", () -> {
            RldtStepBench b = new RldtStepBench();
            b.threads = threads;
            b.setup();
            return () -> sink = b.critic();
        });
        m.put("sac_step", () -> {
            SacStepBench b = new SacStepBench();
            b.threads = threads;
            b.setup();
            return () -> sink = b.sacStep();
        });
        return m;
    }

    static volatile Object sink;

    private static void time(String name, Runnable r, double warmup, double measure) {
        long end = System.nanoTime() + (long) (warmup * 1e9);
        for (int i = 0; i < 3 || System.nanoTime() < end; i++) r.run();
        String loadBefore = load();
        List<Double> ms = new ArrayList<>();
        end = System.nanoTime() + (long) (measure * 1e9);
        while (ms.size() < 5 || (System.nanoTime() < end && ms.size() < 10_000)) {
            long t0 = System.nanoTime();
            r.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        String loadAfter = load();
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf("RESULT name=%s median_ms=%.6f n=%d load_before=%s load_after=%s%n", name, median,
                sorted.length, loadBefore, loadAfter);
    }

    /** The 1-minute load average from /proc/loadavg, or "NA". */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "NA";
        }
    }

    /** lscpu's "Model name" from /proc/cpuinfo, or the os.arch. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim().replace(' ', '_');
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }
}
