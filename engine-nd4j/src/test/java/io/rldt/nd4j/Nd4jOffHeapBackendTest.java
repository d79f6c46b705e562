package io.rldt.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.OffHeapBackend;
import io.rldt.engine.Residency;
import io.rldt.engine.Tensor;
import io.rldt.engine.TensorAssert;
import io.rldt.engine.UnaryOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * nd4j-offheap's in-place routes: products and elementwise ops on tensors in its off-heap memory against the
 * JVM reference on awkward sizes, with no staging copy ({@code stagedFloats} unchanged) and no implicit transfer.
 */
class Nd4jOffHeapBackendTest {
    private final Nd4jOffHeapBackend be = new Nd4jOffHeapBackend(1, 1); // ND4J in place at every size
    private final JvmBackend ref = new JvmBackend();
    private Backend previous;

    @BeforeEach
    void useDevice() {
        previous = Backends.use(be);
    }

    @AfterEach
    void restore() {
        Backends.use(previous);
    }

    /** Random values in [-1, 1) in a host array: the reference's operand, copied to the device by {@link #device}. */
    private static float[] values(long seed, int n) {
        return TensorAssert.random(seed, n).data();
    }

    private static Tensor device(float[] v, int... shape) {
        Tensor t = Tensor.of(v, shape);
        assertFalse(t.onHost(), "Tensor.of places on the current backend's device");
        return t;
    }

    private static void assertNear(Tensor expected, Tensor actual, double rel, String what) {
        float[] e = expected.toArray(), a = actual.toArray();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) || Float.isInfinite(e[i])) {
                assertEquals(e[i], a[i], what + " element " + i);
                continue;
            }
            double tol = rel * Math.max(1, Math.abs(e[i]));
            assertEquals(e[i], a[i], tol, what + " element " + i);
        }
    }

    @Test
    void productsOnDeviceMemoryEqualTheReferenceWithoutStaging() {
        int[][] mkn = {{1, 1, 1}, {3, 7, 5}, {13, 31, 8}, {127, 64, 129}, {300, 257, 129}};
        long seed = 1;
        for (int[] s : mkn) {
            int m = s[0], k = s[1], n = s[2];
            for (int variant = 0; variant < 8; variant++) {
                boolean ta = (variant & 1) != 0, tb = (variant & 2) != 0, acc = (variant & 4) != 0;
                float[] a = values(seed++, m * k), b = values(seed++, k * n), c = values(seed++, m * n);
                int[] aShape = ta ? new int[] {k, m} : new int[] {m, k}, bShape = tb ? new int[] {n, k} : new int[] {k, n};
                Tensor expected = Tensor.wrap(c.clone(), m, n);
                ref.matmul(Tensor.wrap(a, aShape), ta, Tensor.wrap(b, bShape), tb, expected, acc);
                Tensor out = device(c, m, n);
                long staged = be.stagedFloats(), implicit = Residency.counts().implicit();
                be.matmul(device(a, aShape), ta, device(b, bShape), tb, out, acc);
                assertEquals(staged, be.stagedFloats(), "no staging copy");
                assertEquals(implicit, Residency.counts().implicit(), "no implicit transfer");
                assertNear(expected, out, 1e-5 * Math.sqrt(k), m + "x" + k + "x" + n + " ta=" + ta + " tb=" + tb + " acc=" + acc);
            }
        }
    }

    @Test
    void batchedProductsUsePointerOffsets() {
        int batch = 5, m = 7, k = 13, n = 9;
        long seed = 10;
        // a and b each batched or shared, each transposed or not, overwrite or accumulate
        for (int variant = 0; variant < 24; variant++) {
            boolean aBatched = variant % 3 != 2, bBatched = variant % 3 != 1;
            boolean ta = (variant / 3 & 1) != 0, tb = (variant / 6 & 1) != 0, acc = variant >= 12;
            int[] aShape = ta ? new int[] {k, m} : new int[] {m, k}, bShape = tb ? new int[] {n, k} : new int[] {k, n};
            if (aBatched) aShape = new int[] {batch, aShape[0], aShape[1]};
            if (bBatched) bShape = new int[] {batch, bShape[0], bShape[1]};
            float[] a = values(seed++, io.rldt.engine.Shapes.size(aShape)), b = values(seed++, io.rldt.engine.Shapes.size(bShape));
            float[] c = values(seed++, batch * m * n);
            Tensor expected = Tensor.wrap(c.clone(), batch, m, n);
            ref.matmul(Tensor.wrap(a, aShape), ta, Tensor.wrap(b, bShape), tb, expected, acc);
            Tensor out = device(c, batch, m, n);
            long staged = be.stagedFloats();
            be.matmul(device(a, aShape), ta, device(b, bShape), tb, out, acc);
            assertEquals(staged, be.stagedFloats(), "no staging copy");
            assertNear(expected, out, 1e-5, "a batched " + aBatched + ", b batched " + bBatched + ", ta=" + ta
                    + ", tb=" + tb + ", acc=" + acc);
        }
    }

    @Test
    void ndArraysAreViewsOfTheTensorMemory() {
        Tensor x = device(values(1, 300), 300);
        OffHeapBackend.Memory memory = (OffHeapBackend.Memory) x.storage().memoryOrNull();
        INDArray v = Nd4jOffHeapBackend.array(memory, 300);
        assertEquals(memory.segment().address(), v.data().address(), "the ND4J array's data is the tensor's memory");
        assertSame(v, Nd4jOffHeapBackend.array(memory, 300), "made once per memory");
        v.putScalar(7, 42f);
        assertEquals(42f, x.toArray()[7], "a write through ND4J is seen by the tensor");
    }

    @Test
    void aTensorMovedToTheHostAndBackIsWrappedAgain() {
        float[] values = values(3, 500);
        Tensor x = device(values, 500), out = Tensor.zeros(500);
        be.unary(UnaryOp.EXP, x, out);
        x.toHost();
        x.data()[0] = 0f; // changed on the host
        x.toDevice();
        be.unary(UnaryOp.EXP, x, out);
        assertEquals(1f, out.toArray()[0], 1e-6f, "exp(0) read from the new device memory");
        assertEquals((float) Math.exp(values[1]), out.toArray()[1], 2e-6f);
    }

    @Test
    void emptyInnerDimensionZeroesOrKeepsTheOutput() {
        Tensor out = device(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        be.matmul(Tensor.zeros(2, 0), false, Tensor.zeros(0, 3), false, out, true);
        assertEquals(21f, sum(out.toArray()), "accumulate keeps the output");
        be.matmul(Tensor.zeros(2, 0), false, Tensor.zeros(0, 3), false, out, false);
        assertEquals(0f, sum(out.toArray()), "overwrite zeroes it");
    }

    @Test
    void elementwiseOnDeviceMemoryEqualsTheReferenceWithoutStaging() {
        UnaryOp[] unary = {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.LOG1P, UnaryOp.EXPM1, UnaryOp.TANH, UnaryOp.SIGMOID,
            UnaryOp.SIN, UnaryOp.COS};
        long seed = 100;
        for (int n : new int[] {1, 3, 7, 8, 13, 31, 64, 127, 1000, 4099}) {
            float[] x = values(seed++, n), y = values(seed++, n);
            x[0] = Float.NaN;
            if (n > 2) x[2] = 30f;
            for (UnaryOp op : unary) {
                float[] in = op == UnaryOp.LOG ? abs(x) : x; // log of a negative is NaN on both sides; keep values
                Tensor expected = Tensor.wrap(new float[n], n);
                ref.unary(op, Tensor.wrap(in, n), expected);
                Tensor out = Tensor.zeros(n);
                long staged = be.stagedFloats();
                be.unary(op, device(in, n), out);
                assertEquals(staged, be.stagedFloats(), op + " staged");
                assertNear(expected, out, 2e-6, op + " n=" + n);
                Tensor inPlace = device(in, n);
                be.unary(op, inPlace, inPlace);
                assertNear(expected, inPlace, 2e-6, op + " in place n=" + n);
            }
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
                Tensor expected = Tensor.wrap(new float[n], n);
                ref.binary(op, Tensor.wrap(x, n), Tensor.wrap(y, n), expected);
                Tensor out = Tensor.zeros(n);
                long staged = be.stagedFloats();
                be.binary(op, device(x, n), device(y, n), out);
                assertEquals(staged, be.stagedFloats(), op + " staged");
                assertNear(expected, out, 0, op + " n=" + n); // IEEE operations: exact
            }
        }
    }

    @Test
    void otherPrimitivesAndHostOperandsAreStagedAndCounted() {
        Tensor x = device(values(1, 64), 8, 8), out = Tensor.zeros(8, 8);
        long staged = be.stagedFloats();
        be.unary(UnaryOp.RELU, x, out);
        assertEquals(staged + 4 * 64, be.stagedFloats(), "RELU: x and out copied in and written back");
        Residency.reset();
        be.unary(UnaryOp.EXP, Tensor.wrap(values(2, 64), 8, 8), out);
        assertEquals(1, Residency.counts().implicit(), "a host operand is an implicit transfer");
        assertTrue(out.toArray()[0] > 0);
    }

    @Test
    void defaultThresholdsStageSmallTranscendentalOps() {
        Nd4jOffHeapBackend defaults = new Nd4jOffHeapBackend();
        int small = Nd4jOffHeapBackend.DEFAULT_MIN_TRANSCENDENTAL - 1, large = Nd4jOffHeapBackend.DEFAULT_MIN_TRANSCENDENTAL;
        Backend before = Backends.use(defaults);
        try {
            Tensor x = Tensor.of(values(1, small), small), y = Tensor.zeros(small);
            defaults.unary(UnaryOp.EXP, x, y);
            assertEquals(4L * small, defaults.stagedFloats(), "below the threshold: staged");
            Tensor u = Tensor.of(values(2, large), large), v = Tensor.zeros(large);
            defaults.unary(UnaryOp.EXP, u, v);
            defaults.binary(BinaryOp.MUL, u, u, v);
            assertEquals(4L * small, defaults.stagedFloats(), "from the threshold, and binary at every size: in place");
        } finally {
            Backends.use(before);
        }
    }

    @Test
    void discoveredByName() {
        assertTrue(Backends.available().contains("nd4j-offheap"), Backends.available().toString());
        assertInstanceOf(Nd4jOffHeapBackend.class, Backends.byName("nd4j-offheap"));
        assertEquals("nd4j-offheap", be.device().name());
        assertFalse(be.device().strict());
    }

    private static float[] abs(float[] v) {
        float[] r = v.clone();
        for (int i = 0; i < r.length; i++) r[i] = Math.abs(r[i]);
        return r;
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float f : v) s += f;
        return s;
    }
}
