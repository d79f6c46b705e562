package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.kernels.FieldStats;
import io.rldt.kernels.SvgdOptions;
import io.rldt.kernels.TransportField;
import io.rldt.kernels.TransportFields;
import java.util.Locale;

/**
 * The GPU check's benchmark: CPU (fastest JVM backend, all cores) against CUDA at the paper's Gym scale.
 * Prints one table per part; each cell is the median of timed repetitions, each part is bounded in time.
 * <ol>
 *   <li>GEMM at the velocity network's shapes with a large batch (rows = 25600 = B·P particles);</li>
 *   <li>an actor-step-like workload: forward and backward GEMMs of the 57→512→512→512→24 body on 25600 rows;</li>
 *   <li>the SVGD field at B = 25600, P = 8, D = 24 and at the training step's B = 256.</li>
 * </ol>
 * "cuda" includes the host↔device copies the heap-tensor backend pays per call; "cuda dev" is the same work on
 * device-resident buffers (the lower bound a device-resident training step would see).
 * Usage: {@code java ... io.rldt.cuda.GpuBench [secondsPerCell]}.
 */
public final class GpuBench {
    private GpuBench() {}

    private static double budget = 2.0; // seconds per cell

    public static void main(String[] args) {
        if (args.length > 0) budget = Double.parseDouble(args[0]);
        String why = Cuda.unavailableReason();
        if (why != null) {
            System.out.println("GpuBench: CUDA unavailable: " + why);
            System.exit(2);
        }
        Cuda cuda = Cuda.get();
        Backend cpu = Backends.byName(Backends.simdUnavailableReason() == null ? "jvm-simd" : "jvm");
        System.out.printf(Locale.ROOT, "# %s%n# CPU: %s, %d threads, JDK %s%n", cuda.describe(), cpu.name(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        try (CudaBackend gpu = new CudaBackend()) {
            gemms(cuda, cpu, gpu);
            actorStep(cuda, cpu, gpu);
        }
        field(cuda);
        System.out.println("GpuBench: done");
        System.exit(0);
    }

    static Tensor rand(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        new JvmBackend().randomUniform(new Rng(seed), -1f, 1f, t);
        return t;
    }

    private static void gemms(Cuda cuda, Backend cpu, CudaBackend gpu) {
        System.out.println("\n## GEMM  out[m,n] = a[m,k]·b[k,n]   (ms per call / GFLOP/s)");
        System.out.printf(Locale.ROOT, "%-20s %22s %22s %22s%n", "m x k x n", cpu.name(), "cuda (with copies)", "cuda dev");
        int[][] shapes = {{256, 57, 512}, {2048, 512, 512}, {25600, 57, 512}, {25600, 512, 512}, {25600, 512, 24}};
        for (int[] s : shapes) {
            Tensor a = rand(1, s[0], s[1]), b = rand(2, s[1], s[2]), c = Tensor.zeros(s[0], s[2]);
            double flops = 2.0 * s[0] * s[1] * s[2];
            double tc = seconds(() -> cpu.matmul(a, false, b, false, c, false));
            double tg = seconds(() -> gpu.matmul(a, false, b, false, c, false));
            long da = cuda.malloc(4L * a.size()), db = cuda.malloc(4L * b.size()), dc = cuda.malloc(4L * c.size());
            cuda.upload(a.data(), 0, a.size(), da);
            cuda.upload(b.data(), 0, b.size(), db);
            double td = seconds(() -> {
                cuda.sgemm(false, false, s[0], s[2], s[1], da, 0, db, 0, 0f, dc, 1);
                cuda.synchronize();
            });
            cuda.free(da);
            cuda.free(db);
            cuda.free(dc);
            System.out.printf(Locale.ROOT, "%-20s %22s %22s %22s%n", s[0] + "x" + s[1] + "x" + s[2],
                    cell(tc, flops), cell(tg, flops), cell(td, flops));
        }
    }

    /** Forward (4 GEMMs) and backward (dX and dW for each layer: 8 GEMMs) of the velocity body on R rows. */
    private static void actorStep(Cuda cuda, Backend cpu, CudaBackend gpu) {
        int rows = 25600;
        int[] widths = {57, 512, 512, 512, 24};
        System.out.println("\n## actor-step-like: 12 GEMMs (forward + backward of 57→512→512→512→24) on " + rows + " rows");
        Tensor[] w = new Tensor[4], act = new Tensor[5], grad = new Tensor[5], dw = new Tensor[4];
        double flops = 0;
        for (int l = 0; l < 5; l++) {
            act[l] = rand(10 + l, rows, widths[l]);
            grad[l] = rand(20 + l, rows, widths[l]);
        }
        for (int l = 0; l < 4; l++) {
            w[l] = rand(30 + l, widths[l], widths[l + 1]);
            dw[l] = Tensor.zeros(widths[l], widths[l + 1]);
            flops += 3 * 2.0 * rows * widths[l] * widths[l + 1];
        }
        java.util.function.Consumer<Backend> step = be -> {
            for (int l = 0; l < 4; l++) be.matmul(act[l], false, w[l], false, act[l + 1], false);
            for (int l = 3; l >= 0; l--) {
                be.matmul(act[l], true, grad[l + 1], false, dw[l], false); // dW = Xᵀ·dY
                be.matmul(grad[l + 1], false, w[l], true, grad[l], false); // dX = dY·Wᵀ
            }
        };
        double tc = seconds(() -> step.accept(cpu));
        double tg = seconds(() -> step.accept(gpu));
        // device-resident lower bound: the same 12 products on buffers that stay on the device
        long[] dAct = new long[5], dGrad = new long[5], dW = new long[4], dDw = new long[4];
        for (int l = 0; l < 5; l++) {
            dAct[l] = cuda.malloc(4L * act[l].size());
            dGrad[l] = cuda.malloc(4L * grad[l].size());
            cuda.upload(act[l].data(), 0, act[l].size(), dAct[l]);
            cuda.upload(grad[l].data(), 0, grad[l].size(), dGrad[l]);
        }
        for (int l = 0; l < 4; l++) {
            dW[l] = cuda.malloc(4L * w[l].size());
            dDw[l] = cuda.malloc(4L * dw[l].size());
            cuda.upload(w[l].data(), 0, w[l].size(), dW[l]);
        }
        double td = seconds(() -> {
            for (int l = 0; l < 4; l++) cuda.sgemm(false, false, rows, widths[l + 1], widths[l], dAct[l], 0, dW[l], 0, 0f, dAct[l + 1], 1);
            for (int l = 3; l >= 0; l--) {
                cuda.sgemm(true, false, widths[l], widths[l + 1], rows, dAct[l], 0, dGrad[l + 1], 0, 0f, dDw[l], 1);
                cuda.sgemm(false, true, rows, widths[l], widths[l + 1], dGrad[l + 1], 0, dW[l], 0, 0f, dGrad[l], 1);
            }
            cuda.synchronize();
        });
        for (long p : dAct) cuda.free(p);
        for (long p : dGrad) cuda.free(p);
        for (long p : dW) cuda.free(p);
        for (long p : dDw) cuda.free(p);
        System.out.printf(Locale.ROOT, "%-20s %22s %22s %22s%n", "", cpu.name(), "cuda (with copies)", "cuda dev");
        System.out.printf(Locale.ROOT, "%-20s %22s %22s %22s%n", rows + " rows", cell(tc, flops), cell(tg, flops), cell(td, flops));
    }

    private static void field(Cuda cuda) {
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.println("\n## SVGD field (RBF, median bandwidth, adaptive α)   ms per call");
        System.out.printf(Locale.ROOT, "%-24s %16s %20s %14s %12s%n", "B x P x D", "cpu " + threads + " thr",
                "cuda (with copies)", "cuda kernel", "max |Δφ|");
        int[][] sizes = {{256, 8, 24}, {256, 32, 24}, {25600, 8, 12}, {25600, 8, 24}, {25600, 16, 24}};
        try (CudaTransportField gpu = new CudaTransportField()) {
            for (int[] s : sizes) {
                int b = s[0], p = s[1], d = s[2];
                Rng rng = new Rng(b + p + d);
                Tensor a = Tensor.zeros(b, p, d), g = Tensor.zeros(b, p, d), q = Tensor.zeros(b, p, d);
                for (int i = 0; i < a.size(); i++) {
                    a.data()[i] = (float) rng.nextGaussian();
                    g.data()[i] = (float) rng.nextGaussian();
                    q.data()[i] = a.data()[i] + (float) (0.3 * rng.nextGaussian());
                }
                Tensor phiC = Tensor.zeros(b, p, d), phiG = Tensor.zeros(b, p, d);
                FieldStats st = new FieldStats();
                SvgdOptions o = SvgdOptions.defaults();
                TransportField cpu = TransportFields.create(threads);
                double tc = seconds(() -> cpu.compute(q, a, g, o, phiC, st));
                cpu.close();
                double tg = seconds(() -> gpu.compute(q, a, g, o, phiG, st));
                double tk = seconds(gpu::relaunchForTiming);
                double maxDiff = 0;
                for (int i = 0; i < phiC.size(); i++) maxDiff = Math.max(maxDiff, Math.abs(phiC.data()[i] - phiG.data()[i]));
                System.out.printf(Locale.ROOT, "%-24s %16.3f %20.3f %14.3f %12.2e%n", b + " x " + p + " x " + d,
                        tc * 1e3, tg * 1e3, tk * 1e3, maxDiff);
            }
        }
    }

    static String cell(double seconds, double flops) {
        return String.format(Locale.ROOT, "%9.3f / %8.1f", seconds * 1e3, flops / seconds / 1e9);
    }

    /** Median seconds per call within the per-cell budget (5 timed samples after a warm-up). */
    static double seconds(Runnable r) {
        long warm = System.nanoTime();
        int calls = 0;
        do { // warm-up: at least 3 calls and ~budget/8 s (JIT, worker threads, device buffers grown)
            r.run();
            calls++;
        } while (calls < 3 || (System.nanoTime() - warm) / 1e9 < budget / 8);
        long t0 = System.nanoTime();
        r.run();
        double one = Math.max(1e-6, (System.nanoTime() - t0) / 1e9);
        int reps = (int) Math.max(1, Math.min(1000, budget / 5 / one));
        double[] samples = new double[5];
        for (int s = 0; s < samples.length; s++) {
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) r.run();
            samples[s] = (System.nanoTime() - start) / 1e9 / reps;
        }
        java.util.Arrays.sort(samples);
        return samples[2];
    }
}
