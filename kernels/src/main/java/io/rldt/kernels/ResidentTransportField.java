package io.rldt.kernels;

import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/**
 * A {@link TransportField} that runs where its tensors are: on the heap it is the wrapped field, unchanged; when
 * the tensors live on a device it runs as the backend kernel {@code "svgd_field"} (the simulated device runs the
 * wrapped field on its staged copies; a GPU backend runs its own field kernel), and the statistics come back as
 * one announced download of 12 floats.
 *
 * <p>The kernel call carries what a device version needs and the host body ignores: the {@link SvgdOptions} as
 * scalars ({@link #args}; the host body has them in its closure) and a scratch input of zeros, {@code [B, P, 12]}
 * (four doubles per query as {@link HostKernel#putDouble} triples: its bandwidth, its state's α, |attraction|,
 * |repulsion|), where a device writes each query's share of the statistics before summing them in the
 * reference's order (a fresh scratch per call: the device leaves its terms there).
 */
final class ResidentTransportField implements TransportField {
    private final TransportField field;

    ResidentTransportField(TransportField field) {
        this.field = field;
    }

    @Override
    public void compute(Tensor queries, Tensor centres, Tensor gradients, SvgdOptions opts, Tensor phiOut,
                        FieldStats statsOut) {
        if (queries.onHost() && gradients.onHost() && phiOut.onHost() && (centres == null || centres.onHost())) {
            field.compute(queries, centres, gradients, opts, phiOut, statsOut);
            return;
        }
        FieldArgs.check(queries, centres, gradients, opts, phiOut);
        Tensor stats = Tensor.zeros(12); // four doubles (HostKernel.putDouble): h, α, |attraction|, |repulsion|
        Tensor scratch = Tensor.zeros(queries.dim(0), queries.dim(1), SCRATCH_PER_QUERY); // for a device version
        // in: queries, centres, gradients, stats, scratch; p = the options (both for a device version only)
        HostKernel kernel = new HostKernel("svgd_field", (phi, in, p) -> {
            FieldStats s = new FieldStats();
            field.compute(in[0], in[1], in[2], opts, phi, s);
            float[] out = in[3].data();
            HostKernel.putDouble(out, 0, s.meanBandwidth());
            HostKernel.putDouble(out, 3, s.meanAlpha());
            HostKernel.putDouble(out, 6, s.meanAttractionNorm());
            HostKernel.putDouble(out, 9, s.meanRepulsionNorm());
        });
        Backends.current().kernel(kernel, args(opts), phiOut, queries, centres, gradients, stats, scratch);
        if (statsOut != null) {
            float[] s = stats.toArray();
            statsOut.set(HostKernel.getDouble(s, 0), HostKernel.getDouble(s, 3), HostKernel.getDouble(s, 6),
                    HostKernel.getDouble(s, 9));
        }
    }

    /** Floats of scratch per query: four putDouble triples. */
    static final int SCRATCH_PER_QUERY = 12;

    /**
     * The options as the kernel's scalars: {kernel (0 RBF, 1 DELTA), bandwidth (NaN: median heuristic),
     * temperatureScale, fixedTemperature (NaN: adaptive), maxTemperature, bandwidthFloor}.
     */
    static double[] args(SvgdOptions o) {
        return new double[] {o.kernel() == SvgdOptions.Kernel.DELTA ? 1 : 0, o.bandwidth(), o.temperatureScale(),
            o.fixedTemperature(), o.maxTemperature(), o.bandwidthFloor()};
    }

    @Override
    public String name() {
        return field.name();
    }

    @Override
    public void close() {
        field.close();
    }
}
