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
}
