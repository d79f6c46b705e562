package io.rldt.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.Residency;
import io.rldt.engine.SimulatedDeviceBackend;
import io.rldt.engine.Tensor;
import org.junit.jupiter.api.Test;

/** The field on device tensors (the strict simulated device) equals the field on the heap, statistics included. */
class ResidentTransportFieldTest {

    @Test
    void the_field_runs_where_its_tensors_are_and_gives_the_heap_result() {
        FieldData data = FieldData.random(3, 4, 7, 7, 5);
        SvgdOptions opts = SvgdOptions.defaults();
        Tensor phiHost = Tensor.hostZeros(4, 7, 5);
        FieldStats host = new FieldStats();
        try (TransportField f = TransportFields.create(1)) {
            f.compute(data.queries, data.centres, data.gradients, opts, phiHost, host);
        }
        Backend previous = Backends.use(new SimulatedDeviceBackend(true));
        try {
            Residency.reset();
            Tensor q = Tensor.of(data.queries.toArray(), 4, 7, 5), a = Tensor.of(data.centres.toArray(), 4, 7, 5),
                    g = Tensor.of(data.gradients.toArray(), 4, 7, 5), phi = Tensor.zeros(4, 7, 5);
            FieldStats dev = new FieldStats();
            try (TransportField f = TransportFields.create(1)) {
                f.compute(q, a, g, opts, phi, dev);
            }
            assertFalse(phi.onHost());
            assertArrayEquals(phiHost.toArray(), phi.toArray());
            assertEquals(host.toString(), dev.toString());
            assertEquals(0, Residency.counts().implicit());
        } finally {
            Backends.use(previous);
        }
    }

    @Test
    void every_option_on_device_tensors_gives_the_heap_result() {
        SvgdOptions rbf = SvgdOptions.defaults();
        for (SvgdOptions opts : new SvgdOptions[] {rbf.withBandwidth(0.3), rbf.withFixedTemperature(0.7),
            rbf.withKernel(SvgdOptions.Kernel.DELTA)}) {
            FieldData data = FieldData.random(5, 3, 6, 6, 4);
            boolean delta = opts.kernel() == SvgdOptions.Kernel.DELTA;
            Tensor phiHost = Tensor.hostZeros(3, 6, 4);
            FieldStats host = new FieldStats();
            try (TransportField f = TransportFields.create(1)) {
                f.compute(data.queries, delta ? null : data.centres, data.gradients, opts, phiHost, host);
            }
            Backend previous = Backends.use(new SimulatedDeviceBackend(true));
            try {
                Tensor q = Tensor.of(data.queries.toArray(), 3, 6, 4), a = Tensor.of(data.centres.toArray(), 3, 6, 4),
                        g = Tensor.of(data.gradients.toArray(), 3, 6, 4), phi = Tensor.zeros(3, 6, 4);
                FieldStats dev = new FieldStats();
                try (TransportField f = TransportFields.create(1)) {
                    f.compute(q, delta ? null : a, g, opts, phi, dev);
                }
                assertArrayEquals(phiHost.toArray(), phi.toArray());
                assertEquals(host.toString(), dev.toString());
            } finally {
                Backends.use(previous);
            }
        }
    }

    /** The scalars a device version of {@code svgd_field} reads (k_svgd_field in engine-cuda's rldt.cu). */
    @Test
    void the_kernel_scalars_are_the_options_in_the_device_order() {
        SvgdOptions o = new SvgdOptions(SvgdOptions.Kernel.RBF, 0.25, 2.0, Double.NaN, 7.0, 1e-3);
        assertArrayEquals(new double[] {0, 0.25, 2.0, Double.NaN, 7.0, 1e-3}, ResidentTransportField.args(o));
        assertArrayEquals(new double[] {1, Double.NaN, 1e-3, 0.5, 1e5, 1e-8},
                ResidentTransportField.args(SvgdOptions.defaults().withKernel(SvgdOptions.Kernel.DELTA)
                        .withFixedTemperature(0.5)));
    }
}
