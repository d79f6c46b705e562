package io.rldt.kernels;

import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/**
 * A {@link TransportField} that runs where its tensors are: on the heap it is the wrapped field, unchanged; when
 * the tensors live on a device it runs as the backend kernel {@code "svgd_field"} (the simulated device runs the
 * wrapped field on its staged copies; a GPU backend runs its own field kernel), and the statistics come back as
 * one announced download of 12 floats.
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
        HostKernel kernel = new HostKernel("svgd_field", (phi, in, p) -> { // in: queries, centres, gradients, stats
            FieldStats s = new FieldStats();
            field.compute(in[0], in[1], in[2], opts, phi, s);
            float[] out = in[3].data();
            HostKernel.putDouble(out, 0, s.meanBandwidth());
            HostKernel.putDouble(out, 3, s.meanAlpha());
            HostKernel.putDouble(out, 6, s.meanAttractionNorm());
            HostKernel.putDouble(out, 9, s.meanRepulsionNorm());
        });
        Backends.current().kernel(kernel, HostKernel.NO_ARGS, phiOut, queries, centres, gradients, stats);
        if (statsOut != null) {
            float[] s = stats.toArray();
            statsOut.set(HostKernel.getDouble(s, 0), HostKernel.getDouble(s, 3), HostKernel.getDouble(s, 6),
                    HostKernel.getDouble(s, 9));
        }
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
