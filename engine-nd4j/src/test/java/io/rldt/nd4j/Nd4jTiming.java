package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Rng;
import io.rldt.engine.SimdBackend;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A small timing harness (not JMH: the project's benchmarks live in jmh/): ND4J-CPU versus the JVM backends for
 * GEMM throughput at the network's shapes and per-call cost of elementwise ops on small to large arrays.
 * Prints the median of several repetitions. Run (after {@code mvn -pl engine-nd4j -am test-compile}):
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
        Backend direct = new Nd4jBackend(Nd4jBackend.GemmMode.DIRECT, 0);
        Backend staged = new Nd4jBackend(Nd4jBackend.GemmMode.STAGED, 0);
        System.out.printf(Locale.ROOT, "# %s, %d cores, jvm threads=%d, OMP_NUM_THREADS=%s%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), threads,
                System.getenv("OMP_NUM_THREADS"));
        System.out.println("## GEMM (GFLOP/s, median)");
        System.out.printf(Locale.ROOT, "%-22s %10s %10s %10s %10s%n", "m x k x n", "jvm", "jvm-simd", "nd4j-dir", "nd4j-stg");
        int[][] shapes = {{8, 8, 8}, {32, 32, 32}, {64, 64, 64}, {128, 128, 128}, {256, 57, 512}, {256, 512, 512},
            {2048, 57, 512}, {2048, 512, 512}, {2048, 512, 24}, {25600, 57, 512}, {25600, 512, 512}};
        for (int[] s : shapes) {
            Tensor a = rand(1, s[0], s[1]), b = rand(2, s[1], s[2]), c = Tensor.zeros(s[0], s[2]);
            double flops = 2.0 * s[0] * s[1] * s[2];
            String refCol = flops <= 2e8 ? gflops(() -> ref.matmul(a, false, b, false, c, false), flops) : "-";
            System.out.printf(Locale.ROOT, "%-22s %10s %10s %10s %10s%n", s[0] + "x" + s[1] + "x" + s[2], refCol,
                    gflops(() -> simd.matmul(a, false, b, false, c, false), flops),
                    gflops(() -> direct.matmul(a, false, b, false, c, false), flops),
                    gflops(() -> staged.matmul(a, false, b, false, c, false), flops));
        }
        System.out.println("## elementwise (µs per call, median)");
        System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s%n", "op n", "jvm", "jvm-simd", "nd4j");
        for (int n : new int[] {16, 256, 4096, 65536, 1 << 20}) {
            Tensor x = rand(3, n), y = rand(4, n), out = Tensor.zeros(n);
            for (Object[] op : new Object[][] {{"exp", UnaryOp.EXP}, {"tanh", UnaryOp.TANH}, {"add", BinaryOp.ADD}}) {
                Supplier<Runnable> mk = null;
                String name = op[0] + " " + n;
                if (op[1] instanceof UnaryOp u) {
                    System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s%n", name,
                            micros(() -> ref.unary(u, x, out)), micros(() -> simd.unary(u, x, out)),
                            micros(() -> direct.unary(u, x, out)));
                } else {
                    BinaryOp bo = (BinaryOp) op[1];
                    System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s%n", name,
                            micros(() -> ref.binary(bo, x, y, out)), micros(() -> simd.binary(bo, x, y, out)),
                            micros(() -> direct.binary(bo, x, y, out)));
                }
            }
        }
        System.exit(0);
    }

    static Tensor rand(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        new JvmBackend().randomUniform(new Rng(seed), -1f, 1f, t);
        return t;
    }

    /** Median seconds per call: warm up, then 7 samples of enough calls to last ~20 ms each. */
    static double seconds(Runnable r) {
        for (int i = 0; i < 3; i++) r.run();
        long t0 = System.nanoTime();
        r.run();
        double one = Math.max(1e-7, (System.nanoTime() - t0) / 1e9);
        int reps = (int) Math.max(1, Math.min(100_000, 0.02 / one));
        for (int i = 0; i < reps; i++) r.run(); // more warm-up for the JIT
        double[] samples = new double[7];
        for (int s = 0; s < samples.length; s++) {
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) r.run();
            samples[s] = (System.nanoTime() - start) / 1e9 / reps;
        }
        java.util.Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    static String gflops(Runnable r, double flops) {
        return String.format(Locale.ROOT, "%.2f", flops / seconds(r) / 1e9);
    }

    static String micros(Runnable r) {
        return String.format(Locale.ROOT, "%.2f", seconds(r) * 1e6);
    }
}
