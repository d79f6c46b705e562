package io.rldt.cuda;

import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;
import io.rldt.kernels.FieldStats;
import io.rldt.kernels.ReferenceTransportField;
import io.rldt.kernels.SvgdOptions;
import io.rldt.kernels.TransportField;

/**
 * The RLDT transport field (spec §2, {@link TransportField}) as one CUDA kernel: one thread per query
 * {@code (b, i)}, the state's centres and gradients read from global memory (they are tiny and cached), squared
 * distances, lower median (by stable rank counting, no sort), kernel weights and both sums in double, then
 * rounded to float like {@link ReferenceTransportField}. Per-query statistics come back to the host and are
 * summed in double there.
 *
 * <p>Each call uploads queries, centres and gradients and downloads φ (grow-only device buffers). DELTA (a copy)
 * and more than {@value Kernels#MAX_CENTRES} centres run on the reference implementation. Not thread-safe.
 */
public final class CudaTransportField implements TransportField, AutoCloseable {
    private final Cuda cuda = Cuda.get();
    private final Kernels kernels = Kernels.get(cuda);
    private final DeviceBuffer q = new DeviceBuffer(cuda), a = new DeviceBuffer(cuda), g = new DeviceBuffer(cuda),
            phi = new DeviceBuffer(cuda), stats = new DeviceBuffer(cuda), alpha = new DeviceBuffer(cuda);
    private final TransportField fallback = new ReferenceTransportField();
    private float[] statsHost = new float[0], alphaHost = new float[0];
    private Object[] lastLaunch;
    private int lastBlocks;

    /** Benchmarks only: runs the last RBF launch again on the inputs already on the device, and waits. */
    void relaunchForTiming() {
        cuda.bind();
        cuda.launch(kernels.svgd, lastBlocks, 128, 0, lastLaunch);
        cuda.synchronize();
    }

    @Override
    public String name() {
        return "cuda[" + cuda.deviceName() + "]";
    }

    @Override
    public void compute(Tensor queries, Tensor centres, Tensor gradients, SvgdOptions opts, Tensor phiOut,
                        FieldStats statsOut) {
        if (opts == null || opts.kernel() == SvgdOptions.Kernel.DELTA || centres == null || centres.rank() != 3
                || centres.dim(1) > Kernels.MAX_CENTRES) {
            fallback.compute(queries, centres, gradients, opts, phiOut, statsOut); // validates and copies/computes
            return;
        }
        check(queries, centres, gradients, phiOut);
        int nb = queries.dim(0), np = queries.dim(1), npc = centres.dim(1), nd = queries.dim(2);
        int nq = nb * np;
        if (nq == 0 || nd == 0) {
            if (nq > 0) fallback.compute(queries, centres, gradients, opts, phiOut, statsOut);
            else if (statsOut != null) statsOut.set(0, 0, 0, 0);
            return;
        }
        cuda.bind();
        long dq = q.load(queries.data(), 0, queries.size());
        long da = a.load(centres.data(), 0, centres.size());
        long dg = g.load(gradients.data(), 0, gradients.size());
        long dphi = phi.ensure(phiOut.size()), ds = stats.ensure(3L * nq), dal = alpha.ensure(nb);
        lastLaunch = new Object[] {dq, da, dg, dphi, ds, dal, nb, np, npc, nd,
            opts.hasFixedBandwidth() ? opts.bandwidth() : -1.0, opts.bandwidthFloor(), opts.temperatureScale(),
            opts.hasFixedTemperature() ? opts.fixedTemperature() : -1.0, opts.maxTemperature()};
        lastBlocks = (nq + 127) / 128;
        cuda.launch(kernels.svgd, lastBlocks, 128, 0, lastLaunch);
        cuda.download(dphi, phiOut.data(), 0, phiOut.size());
        if (statsOut != null) {
            if (statsHost.length < 3 * nq) statsHost = new float[3 * nq];
            if (alphaHost.length < nb) alphaHost = new float[nb];
            cuda.download(ds, statsHost, 0, 3 * nq);
            cuda.download(dal, alphaHost, 0, nb);
            double h = 0, at = 0, re = 0, al = 0;
            for (int i = 0; i < nq; i++) {
                h += statsHost[3 * i];
                at += statsHost[3 * i + 1];
                re += statsHost[3 * i + 2];
            }
            for (int b = 0; b < nb; b++) al += alphaHost[b];
            statsOut.set(h / nq, al / nb, at / nq, re / nq);
        }
    }

    /** The checks of the kernels module's FieldArgs (package-private there), same wording. */
    private static void check(Tensor queries, Tensor centres, Tensor gradients, Tensor phiOut) {
        if (queries == null || queries.rank() != 3) {
            throw new IllegalArgumentException("TransportField: queries has shape "
                    + (queries == null ? "null" : Shapes.str(queries.shape())) + ", expected rank 3 [B, P, D]");
        }
        int b = queries.dim(0), d = queries.dim(2);
        if (centres.dim(0) != b || centres.dim(2) != d || centres.dim(1) < 1) {
            throw new IllegalArgumentException("TransportField: centres have shape " + Shapes.str(centres.shape())
                    + ", expected [B, P', D] = [" + b + ", P' >= 1, " + d + "] to match queries "
                    + Shapes.str(queries.shape()));
        }
        if (gradients == null || !gradients.sameShape(centres)) {
            throw new IllegalArgumentException("TransportField: gradients has shape "
                    + (gradients == null ? "null" : Shapes.str(gradients.shape())) + ", expected "
                    + Shapes.str(centres.shape()) + " like centres [B, P', D]");
        }
        if (phiOut == null || !phiOut.sameShape(queries)) {
            throw new IllegalArgumentException("TransportField: phiOut has shape "
                    + (phiOut == null ? "null" : Shapes.str(phiOut.shape())) + ", expected "
                    + Shapes.str(queries.shape()) + " like queries [B, P, D]");
        }
        float[] out = phiOut.data();
        if (out == queries.data() || out == gradients.data() || out == centres.data()) {
            throw new IllegalArgumentException("TransportField: phiOut shares its data with an input; "
                    + "pass a separate output tensor");
        }
    }

    @Override
    public void close() {
        q.close();
        a.close();
        g.close();
        phi.close();
        stats.close();
        alpha.close();
    }
}
