package io.rldt.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.ReduceOp;
import io.rldt.engine.Residency;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.engine.TensorAssert;
import io.rldt.engine.UnaryOp;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The device port's primitives (device/core.cu) with every operand resident, on awkward shapes: each result equals
 * the JVM reference bit for bit (transcendental unary ops and POW within 2 float ulps, the device's libm against
 * Java's; GEMM bit for bit where the device sums in double like the reference, else within float rounding), with
 * no staging copy and no host access (the device is strict). The pool reuses a freed tensor's memory and zeroes it.
 * Run on the emulated device ({@link EmulatedDeviceBackendTest}) and on a GPU ({@link CudaDeviceBackendTest}).
 */
abstract class ResidentBackendChecks {
    private static final Set<UnaryOp> TRANSCENDENTAL = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.LOG1P,
            UnaryOp.EXPM1, UnaryOp.SQRT, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.SIN, UnaryOp.COS);
    private final JvmBackend ref = new JvmBackend();
    private ResidentBackend be;
    private Backend previous;

    /** A new strict backend of the device under test (skips the test where there is none). */
    protected abstract ResidentBackend create();

    /** True when the device's GEMM sums like the reference (in double, in order). */
    protected abstract boolean exactGemm();

    @BeforeEach
    void useDevice() {
        be = create();
        previous = Backends.use(be);
    }

    @AfterEach
    void restore() {
        if (be != null) Backends.use(previous);
    }

    /** A device tensor holding {@code host}'s values. */
    private static Tensor device(Tensor host) {
        Tensor t = Tensor.of(host.data().clone(), host.shape());
        assertFalse(t.onHost());
        return t;
    }

    /** Random values in [-1, 1) on the host (the reference's operand). */
    private static Tensor host(long seed, int... shape) {
        return TensorAssert.random(seed, shape);
    }

    /** Runs {@code op} on the device with no staging copy and no implicit transfer. */
    private void onDevice(String what, Runnable op) {
        long staged = be.stagedFloats(), implicit = Residency.counts().implicit();
        op.run();
        assertEquals(staged, be.stagedFloats(), what + ": staged");
        assertEquals(implicit, Residency.counts().implicit(), what + ": implicit transfers");
    }

    private static void assertBits(Tensor expected, Tensor actual, String what) {
        float[] e = expected.toArray(), a = actual.toArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            int i0 = i;
            assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]),
                    () -> what + " element " + i0 + ": expected " + e[i0] + ", device " + a[i0]);
        }
    }

    private static void assertUlps(Tensor expected, Tensor actual, int ulps, String what) {
        float[] e = expected.toArray(), a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) || Float.isInfinite(e[i]) || e[i] == 0) {
                assertEquals(e[i], a[i], what + " element " + i);
            } else {
                assertTrue(Math.abs(e[i] - a[i]) <= ulps * Math.ulp(e[i]), what + " element " + i + ": " + e[i] + " vs " + a[i]);
            }
        }
    }

    /** Applies {@code op} to host operands on the reference and to device copies on the device; compares bits. */
    private void same(String what, int[] outShape, Tensor[] inputs, OpOn op) {
        Tensor want = Tensor.wrap(new float[Arrays.stream(outShape).reduce(1, (x, y) -> x * y)], outShape);
        op.run(ref, inputs, want);
        Tensor[] dev = Arrays.stream(inputs).map(ResidentBackendChecks::device).toArray(Tensor[]::new);
        Tensor got = Tensor.zeros(outShape);
        onDevice(what, () -> op.run(be, dev, got));
        assertBits(want, got, what);
    }

    @FunctionalInterface
    private interface OpOn {
        void run(Backend b, Tensor[] in, Tensor out);
    }

    @Test
    void unary_ops() {
        Tensor x = host(1, 7, 13);
        x.data()[0] = 0f;
        x.data()[1] = -0f;
        x.data()[2] = Float.NaN;
        x.data()[3] = 30f;
        for (UnaryOp op : UnaryOp.values()) {
            Tensor want = Tensor.wrap(new float[x.size()], x.shape());
            ref.unary(op, x, want);
            Tensor dx = device(x), got = Tensor.zeros(x.shape());
            onDevice("unary " + op, () -> be.unary(op, dx, got));
            if (TRANSCENDENTAL.contains(op)) assertUlps(want, got, 2, "unary " + op);
            else assertBits(want, got, "unary " + op);
        }
        Tensor dx = device(x);
        onDevice("unary in place", () -> be.unary(UnaryOp.NEG, dx, dx));
        Tensor neg = Tensor.wrap(new float[x.size()], x.shape());
        ref.unary(UnaryOp.NEG, x, neg);
        assertBits(neg, dx, "unary in place");
    }

    @Test
    void binary_ops_with_broadcasting() {
        int[][][] pairs = {{{7, 13}, {7, 13}}, {{5, 1, 7}, {3, 1}}, {{2, 3, 4}, {4}}, {{1}, {6, 5}}, {{3, 1}, {1, 9}}};
        for (int[][] pair : pairs) {
            Tensor a = host(2, pair[0]), b = host(3, pair[1]);
            b.data()[0] = a.data()[0]; // an equal pair for EQ/GE
            int[] shape = io.rldt.engine.Shapes.broadcast(pair[0], pair[1]);
            for (BinaryOp op : BinaryOp.values()) {
                String what = "binary " + op + " " + Arrays.toString(pair[0]) + " " + Arrays.toString(pair[1]);
                if (op == BinaryOp.POW) {
                    Tensor want = Tensor.wrap(new float[Arrays.stream(shape).reduce(1, (x, y) -> x * y)], shape);
                    ref.binary(op, a, b, want);
                    Tensor da = device(a), db = device(b), got = Tensor.zeros(shape);
                    onDevice(what, () -> be.binary(op, da, db, got));
                    assertUlps(want, got, 2, what);
                } else {
                    same(what, shape, new Tensor[] {a, b}, (be, in, out) -> be.binary(op, in[0], in[1], out));
                }
            }
        }
    }

    @Test
    void axpby_fill_copy() {
        same("axpby", new int[] {9, 11}, new Tensor[] {host(4, 9, 11), host(5, 9, 11)},
                (b, in, out) -> b.axpby(0.3f, in[0], -1.7f, in[1], out));
        same("fill", new int[] {5, 3}, new Tensor[0], (b, in, out) -> b.fill(out, -2.5f));
        same("copy", new int[] {15}, new Tensor[] {host(6, 3, 5)}, (b, in, out) -> b.copy(in[0], out));
    }

    @Test
    void reductions_over_every_axis_set() {
        int[] shape = {3, 5, 7};
        int[][] axesSets = {{0}, {1}, {2}, {-1}, {0, 2}, {1, 2}, {0, 1, 2}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] axes : axesSets) {
                int[] out = io.rldt.engine.Shapes.reduced(shape, axes, true);
                same("reduce " + op + " " + Arrays.toString(axes), out, new Tensor[] {host(7, shape)},
                        (b, in, o) -> b.reduce(op, in[0], axes, o));
            }
        }
        Tensor nan = host(8, 4, 6);
        nan.data()[7] = Float.NaN;
        same("reduce MAX with NaN", new int[] {4, 1}, new Tensor[] {nan}, (b, in, o) -> b.reduce(ReduceOp.MAX, in[0], new int[] {1}, o));
    }

    @Test
    void products_in_every_layout() {
        int m = 7, k = 13, n = 5, batch = 3;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (boolean acc : new boolean[] {false, true}) {
                    int[] as = ta ? new int[] {k, m} : new int[] {m, k}, bs = tb ? new int[] {n, k} : new int[] {k, n};
                    String what = "matmul ta=" + ta + " tb=" + tb + " acc=" + acc;
                    sameWithOut(what + " 2-D", host(9, m, n), new Tensor[] {host(10, as), host(11, bs)},
                            (b, in, out) -> b.matmul(in[0], ta, in[1], tb, out, acc));
                    sameWithOut(what + " batched", host(12, batch, m, n), new Tensor[] {host(13, prepend(batch, as)),
                            host(14, prepend(batch, bs))}, (b, in, out) -> b.matmul(in[0], ta, in[1], tb, out, acc));
                    sameWithOut(what + " broadcast b", host(15, batch, m, n), new Tensor[] {host(16, prepend(batch, as)),
                            host(17, bs)}, (b, in, out) -> b.matmul(in[0], ta, in[1], tb, out, acc));
                    sameWithOut(what + " broadcast a", host(18, batch, m, n), new Tensor[] {host(19, as),
                            host(20, prepend(batch, bs))}, (b, in, out) -> b.matmul(in[0], ta, in[1], tb, out, acc));
                }
            }
        }
    }

    private static int[] prepend(int d, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = d;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    /** Like {@link #same} with a given initial output (accumulating ops). */
    private void sameWithOut(String what, Tensor initial, Tensor[] inputs, OpOn op) {
        Tensor want = Tensor.wrap(initial.data().clone(), initial.shape());
        op.run(ref, inputs, want);
        Tensor[] dev = Arrays.stream(inputs).map(ResidentBackendChecks::device).toArray(Tensor[]::new);
        Tensor got = device(initial);
        onDevice(what, () -> op.run(be, dev, got));
        if (what.startsWith("matmul") && !exactGemm()) assertNear(want, got, 1e-5, what);
        else assertBits(want, got, what);
    }

    /** Within {@code tol}·(1 + |expected|): a GEMM that sums in float in its own order (cuBLAS). */
    private static void assertNear(Tensor expected, Tensor actual, double tol, String what) {
        float[] e = expected.toArray(), a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])), what + " element " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    @Test
    void layout_ops() {
        Tensor x = host(21, 2, 3, 4, 5);
        same("permute", new int[] {5, 3, 2, 4}, new Tensor[] {x}, (b, in, o) -> b.permute(in[0], new int[] {3, 1, 0, 2}, o));
        same("permute negative axes", new int[] {2, 3, 5, 4}, new Tensor[] {x}, (b, in, o) -> b.permute(in[0], new int[] {0, 1, -1, 2}, o));
        same("slice", new int[] {2, 2, 4, 5}, new Tensor[] {x}, (b, in, o) -> b.slice(in[0], 1, 1, 3, o));
        same("slice last", new int[] {2, 3, 4, 2}, new Tensor[] {x}, (b, in, o) -> b.slice(in[0], -1, 3, 5, o));
        for (boolean acc : new boolean[] {false, true}) {
            sameWithOut("sliceInto acc=" + acc, host(22, 2, 7, 4), new Tensor[] {host(23, 2, 3, 4)},
                    (b, in, o) -> b.sliceInto(in[0], 1, 4, o, acc));
        }
        same("concat", new int[] {3, 9}, new Tensor[] {host(24, 3, 2), host(25, 3, 4), host(26, 3, 3)},
                (b, in, o) -> b.concat(in, 1, o));
        same("concat axis 0", new int[] {6, 5}, new Tensor[] {host(27, 1, 5), host(28, 5, 5)},
                (b, in, o) -> b.concat(in, 0, o));
        int[] index = {4, 0, 4, 2, 2, 2, 1};
        same("indexSelect", new int[] {3, 7, 2}, new Tensor[] {host(29, 3, 5, 2)},
                (b, in, o) -> b.indexSelect(in[0], 1, index, o));
        sameWithOut("indexAdd with repeats", host(30, 3, 5, 2), new Tensor[] {host(31, 3, 7, 2)},
                (b, in, o) -> b.indexAdd(in[0], 1, index, o));
        sameWithOut("indexAdd axis 0", host(32, 5, 3), new Tensor[] {host(33, 7, 3)},
                (b, in, o) -> b.indexAdd(in[0], 0, index, o));
    }

    @Test
    void random_draws_are_the_hosts() {
        Tensor want = Tensor.wrap(new float[77], 7, 11), got = Tensor.zeros(7, 11);
        ref.randomNormal(new Rng(5), 0.5f, 2f, want);
        be.randomNormal(new Rng(5), 0.5f, 2f, got);
        assertBits(want, got, "randomNormal");
        ref.randomUniform(new Rng(6), -1f, 3f, want);
        be.randomUniform(new Rng(6), -1f, 3f, got);
        assertBits(want, got, "randomUniform");
    }

    @Test
    void bad_shapes_and_indices_are_rejected_with_the_references_messages() {
        Tensor a = Tensor.zeros(3, 4), b = Tensor.zeros(5, 4), out = Tensor.zeros(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.binary(BinaryOp.ADD, a, b, out));
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> ref.binary(BinaryOp.ADD,
                Tensor.wrap(new float[12], 3, 4), Tensor.wrap(new float[20], 5, 4), Tensor.wrap(new float[12], 3, 4)));
        assertEquals(r.getMessage(), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> be.indexSelect(a, 0, new int[] {3}, Tensor.zeros(1, 4)));
        assertThrows(IllegalArgumentException.class, () -> be.matmul(a, false, b, false, out, false));
    }

    @Test
    void the_pool_reuses_freed_memory() throws InterruptedException {
        Consumer<Integer> churn = n -> {
            for (int i = 0; i < n; i++) Tensor.zeros(1000, 3); // garbage at once
        };
        churn.accept(50);
        for (int i = 0; i < 20 && be.poolStats().reuses() == 0; i++) {
            System.gc();
            Thread.sleep(20);
            churn.accept(5);
        }
        DevicePool.Stats s = be.poolStats();
        assertTrue(s.reuses() > 0, s.toString());
        assertEquals(3072L * 4, DevicePool.classBytes(3000), "3000 floats round up to 1.5·2^11");
        assertEquals(256L * 4, DevicePool.classBytes(1));
        assertEquals(4096L * 4, DevicePool.classBytes(4096));
        assertEquals(6144L * 4, DevicePool.classBytes(4097));
        // a reused block is zeroed like a new one
        Tensor t = Tensor.zeros(1000, 3);
        assertEquals(0f, Arrays.stream(box(t.toArray())).map(Math::abs).reduce(0f, Float::sum));
    }

    private static Float[] box(float[] a) {
        Float[] b = new Float[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return b;
    }
}
