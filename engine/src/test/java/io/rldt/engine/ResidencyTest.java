package io.rldt.engine;

import static io.rldt.engine.TensorAssert.assertThrowsNaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where tensors live and what moving them costs: heap backends never move anything, devices count every move. */
class ResidencyTest {
    private Backend previous;
    private boolean replaced;

    private void use(Backend b) {
        previous = Backends.use(b); // null when none was chosen yet: restoring null lets the next use choose
        replaced = true;
        Residency.reset();
    }

    @AfterEach
    void restore() {
        if (replaced) Backends.use(previous);
        replaced = false;
    }

    @Test
    void heap_backends_keep_everything_on_the_heap_and_count_nothing() {
        use(new JvmBackend());
        Tensor t = Tensor.zeros(3, 4).toDevice();
        assertTrue(t.onHost());
        assertNull(t.storage().device());
        t.data()[0] = 1f;
        Tensor.of(new float[] {1, 2}, 2).toHost();
        assertEquals(0, Residency.counts().total());
    }

    @Test
    void factories_allocate_on_the_device_and_host_reads_are_counted_per_call_site() {
        use(new SimulatedDeviceBackend(false));
        Tensor z = Tensor.zeros(2, 3), o = Tensor.of(new float[] {1, 2, 3}, 3), w = Tensor.wrap(new float[] {4, 5}, 2);
        assertFalse(z.onHost());
        assertFalse(o.onHost());
        assertTrue(w.onHost(), "wrap shares the caller's array, so it stays on the heap");
        assertEquals("sim-device", z.storage().device().name());
        assertEquals(1, Residency.counts().explicit(), "Tensor.of uploads once");
        assertEquals(0, Residency.counts().implicit());
        assertEquals(3, Residency.counts().floats());

        assertEquals(2f, o.get(1)); // implicit: one float; o stays on the device
        assertFalse(o.onHost());
        assertEquals(1f, o.data()[0]); // implicit: moves o to the heap
        assertTrue(o.onHost());
        assertEquals(3f, o.get(2)); // already on the heap: no transfer
        Residency.Counts c = Residency.counts();
        assertEquals(2, c.implicit());
        assertEquals(3 + 1 + 3, c.floats());
        String site = c.implicitSites().keySet().iterator().next();
        assertTrue(site.startsWith("ResidencyTest.factories_allocate"), site);
        assertTrue(c.sitesReport().contains("ResidencyTest.java"), c.sitesReport());
    }

    @Test
    void a_strict_device_refuses_unannounced_host_access_and_names_the_call_site() {
        use(new SimulatedDeviceBackend(true));
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 3);
        assertThrowsNaming(IllegalStateException.class, () -> x.data(), "ResidencyTest", "sim-device-strict",
                "toHost()");
        assertThrowsNaming(IllegalStateException.class, () -> x.get(0), "ResidencyTest");
        Tensor host = Tensor.hostZeros(3);
        assertThrowsNaming(IllegalStateException.class,
                () -> Backends.current().unary(UnaryOp.RELU, host, Tensor.zeros(3)), "host tensor", "toDevice()");
        // Announced moves are allowed and counted as explicit.
        Tensor y = Tensor.zeros(3);
        Backends.current().unary(UnaryOp.RELU, x, y);
        assertArrayEquals(new float[] {1, 0, 3}, y.toHost().data());
        host.toDevice();
        assertFalse(host.onHost());
        assertEquals(0, Residency.counts().implicit());
        assertEquals(3, Residency.counts().explicit(), "of, toHost, toDevice");
    }

    @Test
    void views_share_their_storage_and_copies_stay_on_the_device() {
        use(new SimulatedDeviceBackend(true));
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), v = x.reshape(3, 2);
        assertSame(x.storage(), v.storage());
        Tensor c = x.copy();
        assertFalse(c.onHost());
        x.toHost();
        assertTrue(v.onHost(), "moving a tensor moves its views");
        x.data()[0] = 9f;
        assertEquals(9f, v.data()[0]);
        assertEquals(1f, c.toHost().data()[0], "the copy has its own memory");
    }

    @Test
    void in_place_primitives_see_aliased_operands_as_one_memory() {
        use(new SimulatedDeviceBackend(true));
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3), b = Tensor.of(new float[] {10, 20, 30}, 3);
        Backends.current().binary(BinaryOp.ADD, a, b, a); // a += b
        Backends.current().binary(BinaryOp.MUL, a, a, a); // a = a * a
        assertArrayEquals(new float[] {121, 484, 1089}, a.toHost().data());
    }

    @Test
    void a_chain_of_primitives_on_the_strict_device_matches_the_reference_bit_for_bit_without_host_access() {
        float[] xs = TensorAssert.random(7, 13, 9).toArray(), ws = TensorAssert.random(8, 9, 5).toArray();
        float[][] results = new float[2][];
        Backend[] backends = {new JvmBackend(), new SimulatedDeviceBackend(true)};
        for (int i = 0; i < 2; i++) {
            use(backends[i]);
            Tensor x = Tensor.of(xs, 13, 9), w = Tensor.of(ws, 9, 5), h = Tensor.zeros(13, 5), s = Tensor.zeros(5);
            Rng rng = new Rng(3);
            Tensor noise = Tensor.zeros(13, 5);
            Backends.current().matmul(x, false, w, false, h, false);
            Backends.current().randomNormal(rng, 0f, 1f, noise);
            Backends.current().binary(BinaryOp.ADD, h, noise, h);
            Backends.current().unary(UnaryOp.TANH, h, h);
            Backends.current().reduce(ReduceOp.SUM, h, new int[] {0}, s);
            results[i] = s.toHost().toArray();
            assertEquals(0, Residency.counts().implicit(), backends[i].name());
            restore();
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void host_kernels_run_on_staged_copies_and_may_update_inputs_in_place() {
        // out = x + y, and y ← 2·y in place (the shape of an optimiser step: moments are inputs it updates)
        HostKernel k = new HostKernel("test_add_and_double", (out, in, p) -> {
            float[] o = out.data(), x = in[0].data(), y = in[1].data();
            for (int i = 0; i < out.size(); i++) {
                o[i] = x[i] + y[i] + (float) p[0];
                y[i] *= 2;
            }
        });
        float[][] results = new float[2][];
        Backend[] backends = {new JvmBackend(), new SimulatedDeviceBackend(true)};
        for (int b = 0; b < 2; b++) {
            use(backends[b]);
            Tensor x = Tensor.of(new float[] {1, 2, 3}, 3), y = Tensor.of(new float[] {10, 20, 30}, 3), out = Tensor.zeros(3);
            Backends.current().kernel(k, new double[] {0.5}, out, x, y);
            Backends.current().kernel(k, new double[] {0.5}, x, x, y); // out aliasing an input
            results[b] = new float[] {out.toArray()[0], out.toArray()[2], x.toArray()[1], y.toArray()[2]};
            assertEquals(0, Residency.counts().implicit(), backends[b].name());
            restore();
        }
        assertArrayEquals(new float[] {11.5f, 33.5f, 42.5f, 120f}, results[0]);
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void a_double_survives_the_three_float_round_trip() {
        float[] buf = new float[3];
        for (double v : new double[] {0, -0.0, 1.0 / 3, -Math.PI * 1e20, 123456789.123456789, 1e-30, Double.MIN_VALUE,
            Math.sqrt(2) * 1e-10, 1e300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            HostKernel.putDouble(buf, 0, v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(HostKernel.getDouble(buf, 0)),
                    "v = " + v);
        }
    }

    @Test
    void the_device_backends_are_listed_after_the_cpu_ones_and_never_the_default() {
        assertTrue(Backends.available().containsAll(java.util.List.of("sim-device", "sim-device-strict")));
        assertEquals("sim-device-strict", Backends.byName("sim-device-strict").name());
        assertTrue(Backends.byName("sim-device-strict").device().strict());
        assertNull(Backends.byName("jvm").device());
    }
}
