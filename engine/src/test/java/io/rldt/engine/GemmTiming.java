package io.rldt.engine;

import java.util.Arrays;

/**
 * Timing harness (not a test) for the matrix products of the reference workload, forward and backward,
 * on the current backend: median microseconds per product.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes \
 *      io.rldt.engine.GemmTiming [reps] [threads]
 * </pre>
 */
public final class GemmTiming {
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 31;
        // {m, k, n}: the forward y = x·Wᵀ ([m,k]×[n,k]ᵀ), then dX = g·W, dW = gᵀ·x.
        int[][] shapes = {{256, 57, 512}, {256, 512, 512}, {2048, 57, 512}, {2048, 512, 512}, {2048, 512, 24},
                {2048, 41, 256}, {2048, 256, 256}, {256, 256, 256}};
        Backend be = args.length > 1 ? new SimdBackend(Integer.parseInt(args[1])) : Backends.current();
        Rng rng = new Rng(3);
        System.out.println("backend " + be.name() + (be instanceof SimdBackend sb ? " threads " + sb.threads() : ""));
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            Tensor x = Ops.randn(rng, m, k), w = Ops.randn(rng, n, k), g = Ops.randn(rng, m, n);
            Tensor y = Tensor.zeros(m, n), dx = Tensor.zeros(m, k), dw = Tensor.zeros(n, k);
            double[][] t = new double[3][reps];
            for (int r = -10; r < reps; r++) {
                long t0 = System.nanoTime();
                be.matmul(x, false, w, true, y, false);
                long t1 = System.nanoTime();
                be.matmul(g, false, w, false, dx, false);
                long t2 = System.nanoTime();
                be.matmul(g, true, x, false, dw, false);
                long t3 = System.nanoTime();
                if (r < 0) continue;
                t[0][r] = (t1 - t0) / 1e3;
                t[1][r] = (t2 - t1) / 1e3;
                t[2][r] = (t3 - t2) / 1e3;
            }
            double gf = 2.0 * m * n * k / 1e3;
            StringBuilder sb = new StringBuilder(String.format("[%4d,%3d]x[%3d,%3d]", m, k, k, n));
            String[] lab = {"x·Wᵀ", "g·W", "gᵀ·x"};
            for (int i = 0; i < 3; i++) {
                Arrays.sort(t[i]);
                double med = t[i][reps / 2];
                sb.append(String.format("  %s %7.0f us (%5.1f GF/s)", lab[i], med, gf / med));
            }
            System.out.println(sb);
        }
    }
}
