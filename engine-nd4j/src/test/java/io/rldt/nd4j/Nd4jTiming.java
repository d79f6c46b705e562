package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Rng;
import io.rldt.engine.SimdBackend;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;
import java.util.Locale;

/**
 * A small timing harness (not JMH: the project's benchmarks live in jmh/): ND4J-CPU versus the JVM backends for
 * GEMM throughput at the network's shapes and per-call cost of elementwise ops on small to large arrays, on heap
 * tensors (nd4j-cpu copies them) and on nd4j-offheap's own memory (no copies).
 * Backends are timed in interleaved rounds and the best round counts (see {@link #interleaved}). Run (after {@code mvn -pl engine-nd4j -am test-compile}):
 * <pre>
 *   OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp "$(cat engine-nd4j/target/cp.txt):engine-nd4j/target/classes:engine-nd4j/target/test-classes:engine/target/classes" \
 *     -Drldt.threads=1 io.rldt.nd4j.Nd4jTiming
 * </pre>
 */
public final class Nd4jTiming {
    private Nd4jTiming() {}

    public static void main(String[] args) {
        int threads = Integer.getInteger("rldt.threads", 1);
        Backend ref = new JvmBackend();
        Backend simd = new SimdBackend(threads);
        Backend direct = new Nd4jBackend(Nd4jBackend.GemmMode.DIRECT, 0, 0);
        Backend staged = new Nd4jBackend(Nd4jBackend.GemmMode.STAGED, 0, 0);
        Nd4jOffHeapBackend offHeap = new Nd4jOffHeapBackend(1, 1);
        System.out.printf(Locale.ROOT, "# %s, %d cores, jvm threads=%d, OMP_NUM_THREADS=%s%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), threads,
                System.getenv("OMP_NUM_THREADS"));
        int[][] shapes = {{8, 8, 8}, {32, 32, 32}, {64, 64, 64}, {128, 128, 128}, {256, 57, 512}, {256, 512, 512},
            {2048, 57, 512}, {2048, 512, 512}, {2048, 512, 24}, {25600, 57, 512}, {25600, 512, 512}};
        System.out.println("## GEMM (GFLOP/s, best of 7 interleaved rounds)");
        System.out.printf(Locale.ROOT, "%-22s %10s %10s %10s %10s %10s%n", "m x k x n", "jvm", "jvm-simd", "nd4j-dir",
                "nd4j-stg", "offheap");
        for (int[] s : shapes) {
            Tensor a = rand(1, s[0], s[1]), b = rand(2, s[1], s[2]), c = Tensor.zeros(s[0], s[2]);
            Tensor[] dev = onDevice(offHeap, a, b, c);
            double flops = 2.0 * s[0] * s[1] * s[2];
            boolean small = flops <= 2e8;
            double[] t = interleaved(
                    small ? () -> ref.matmul(a, false, b, false, c, false) : null,
                    () -> simd.matmul(a, false, b, false, c, false),
                    () -> direct.matmul(a, false, b, false, c, false),
                    () -> staged.matmul(a, false, b, false, c, false),
                    () -> offHeap.matmul(dev[0], false, dev[1], false, dev[2], false));
            System.out.printf(Locale.ROOT, "%-22s %10s %10.2f %10.2f %10.2f %10.2f%n", s[0] + "x" + s[1] + "x" + s[2],
                    small ? String.format(Locale.ROOT, "%.2f", flops / t[0] / 1e9) : "-", flops / t[1] / 1e9,
                    flops / t[2] / 1e9, flops / t[3] / 1e9, flops / t[4] / 1e9);
        }
        System.out.println("## elementwise (µs per call, best of 7 interleaved rounds)");
        // offheap: nd4j-offheap on its own memory (ND4J in place for exp/tanh/sigmoid/add; relu is staged).
        System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s %10s%n", "op n", "jvm", "jvm-simd", "nd4j", "offheap");
        for (int n : new int[] {16, 256, 1024, 4096, 65536, 1 << 20}) {
            Tensor x = rand(3, n), y = rand(4, n), out = Tensor.zeros(n);
            Tensor[] dev = onDevice(offHeap, x, y, out);
            for (UnaryOp u : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.RELU}) {
                double[] t = interleaved(() -> ref.unary(u, x, out), () -> simd.unary(u, x, out),
                        () -> direct.unary(u, x, out), () -> offHeap.unary(u, dev[0], dev[2]));
                System.out.printf(Locale.ROOT, "%-18s %10.2f %10.2f %10.2f %10.2f%n", u.name().toLowerCase(Locale.ROOT) + " " + n,
                        t[0] * 1e6, t[1] * 1e6, t[2] * 1e6, t[3] * 1e6);
            }
            double[] t = interleaved(() -> ref.binary(BinaryOp.ADD, x, y, out), () -> simd.binary(BinaryOp.ADD, x, y, out),
                    () -> direct.binary(BinaryOp.ADD, x, y, out), () -> offHeap.binary(BinaryOp.ADD, dev[0], dev[1], dev[2]));
            System.out.printf(Locale.ROOT, "%-18s %10.2f %10.2f %10.2f %10.2f%n", "add " + n, t[0] * 1e6, t[1] * 1e6,
                    t[2] * 1e6, t[3] * 1e6);
        }
        System.exit(0);
    }

    /** Copies of {@code ts} in {@code backend}'s off-heap memory. */
    static Tensor[] onDevice(Nd4jOffHeapBackend backend, Tensor... ts) {
        Backend previous = io.rldt.engine.Backends.use(backend);
        try {
            Tensor[] out = new Tensor[ts.length];
            for (int i = 0; i < ts.length; i++) out[i] = Tensor.of(ts[i].toArray(), ts[i].shape());
            return out;
        } finally {
            io.rldt.engine.Backends.use(previous);
        }
    }

    static Tensor rand(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        new JvmBackend().randomUniform(new Rng(seed), -1f, 1f, t);
        return t;
    }

    /**
     * Seconds per call of each runnable (null: skipped): warm-up (0.3 s each), then 7 rounds in which every runnable runs
     * for about 20 ms in turn; the best round counts. Interleaving and the minimum keep a busy neighbour on a
     * 2-core machine from favouring whichever backend happened to run in a quiet moment.
     */
    static double[] interleaved(Runnable... rs) {
        int[] reps = new int[rs.length];
        double[] best = new double[rs.length];
        for (int i = 0; i < rs.length; i++) {
            best[i] = Double.POSITIVE_INFINITY;
            if (rs[i] == null) continue;
            // Warm up for at least 0.3 s (and 3 calls), so that the JIT has compiled the hot loops before the
            // call that sizes the rounds is timed.
            long warmStart = System.nanoTime();
            for (int w = 0; w < 3 || System.nanoTime() - warmStart < 300_000_000L; w++) rs[i].run();
            long t0 = System.nanoTime();
            rs[i].run();
            double one = Math.max(1e-7, (System.nanoTime() - t0) / 1e9);
            reps[i] = (int) Math.max(1, Math.min(100_000, 0.02 / one));
        }
        for (int round = 0; round < 7; round++) {
            for (int i = 0; i < rs.length; i++) {
                if (rs[i] == null) continue;
                long start = System.nanoTime();
                for (int r = 0; r < reps[i]; r++) rs[i].run();
                best[i] = Math.min(best[i], (System.nanoTime() - start) / 1e9 / reps[i]);
            }
        }
        return best;
    }
}
