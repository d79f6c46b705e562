package io.rldt.engine;

import static io.rldt.engine.TensorAssert.assertClose;
import static io.rldt.engine.TensorAssert.assertExact;
import static io.rldt.engine.TensorAssert.assertThrowsNaming;
import static io.rldt.engine.TensorAssert.assertWithin;
import static io.rldt.engine.TensorAssert.broadcastGet;
import static io.rldt.engine.TensorAssert.random;
import static io.rldt.engine.TensorAssert.ravel;
import static io.rldt.engine.TensorAssert.unravel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Backend} passes: each primitive against hand-written loops (and EJML for
 * matmul) on awkward sizes, broadcasting, empty dimensions, NaN, aliasing and error messages.
 * A backend module subclasses it with one method: {@code protected Backend backend()}. Test methods are
 * public so that subclasses in other packages inherit them.
 */
public abstract class BackendContractTest {
    /** Sizes that straddle every vector width and unroll factor. */
    protected static final int[] SIZES = {1, 3, 7, 8, 13, 31, 64, 127, 1000};
    /** Inputs that exercise special values: NaN, ±∞, ±0, large magnitudes. */
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        1f, -1f, 0.5f, -30f, 30f, 100f, -100f, 1e-7f};

    protected abstract Backend backend();

    private Backend be;

    private Backend be() {
        if (be == null) be = backend();
        return be;
    }

    private static Tensor withSpecials(long seed, int n) {
        Tensor x = random(seed, n);
        for (int i = 0; i < n; i += 5) x.data()[i] = SPECIAL[(i / 5) % SPECIAL.length];
        return x;
    }

    private static boolean transcendental(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, LOG1P, EXPM1, TANH, SIGMOID, SIN, COS -> true;
            default -> false;
        };
    }

    // ---------------------------------------------------------------- parallel tasks

    @Test
    public void parallelRunsEveryTaskOnceAndRethrowsTheFirstFailureAfterAll() {
        int[] runs = new int[7];
        be().parallel(7, i -> runs[i]++);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1}, runs);
        int[] after = new int[5];
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> be().parallel(5, i -> {
                    after[i]++;
                    if (i == 1 || i == 3) throw new IllegalStateException("task " + i);
                }));
        assertEquals("task 1", e.getMessage());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, after, "every task runs although some fail");
        be().parallel(0, i -> { throw new AssertionError("no tasks"); });
    }

    @Test
    public void productsInsideParallelTasksEqualTheSameProductsAlone() {
        // Sizes large enough for a threaded backend to split them when called alone.
        int[][] shapes = {{300, 257, 129}, {129, 64, 257}, {1, 513, 17}, {256, 256, 256}};
        Tensor[] a = new Tensor[shapes.length], b = new Tensor[shapes.length], alone = new Tensor[shapes.length];
        Tensor[] inTask = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            a[i] = random(10 + i, shapes[i][0], shapes[i][1]);
            b[i] = random(20 + i, shapes[i][1], shapes[i][2]);
            alone[i] = Tensor.zeros(shapes[i][0], shapes[i][2]);
            inTask[i] = Tensor.zeros(shapes[i][0], shapes[i][2]);
            be().matmul(a[i], false, b[i], false, alone[i], false);
        }
        be().parallel(shapes.length, i -> {
            be().matmul(a[i], false, b[i], false, inTask[i], false);
            be().parallel(2, j -> { }); // a nested call runs too
        });
        for (int i = 0; i < shapes.length; i++) assertExact(alone[i].toArray(), inTask[i], "product " + i);
    }

    @Test
    public void productsInsideAConstantWeightsScopeEqualThoseOutside() {
        assertConstantWeightsReuseIsExact(be());
    }

    /** x·Wᵀ (and batched x·Wᵀ with a shared W) for several x per W, inside a (nested) scope and outside. */
    protected static void assertConstantWeightsReuseIsExact(Backend be) {
        int[][] shapes = {{1, 57, 512}, {10, 512, 512}, {13, 41, 33}, {300, 256, 129}, {7, 24, 1}};
        for (int[] sh : shapes) {
            int m = sh[0], k = sh[1], n = sh[2];
            Tensor w = random(31, n, k), w2 = random(32, n, k);
            Tensor[] xs = {random(33, m, k), random(34, m, k), random(35, 3, m, k)};
            Tensor[] expected = new Tensor[6], got = new Tensor[6];
            for (int pass = 0; pass < 2; pass++) {
                Tensor[] out = pass == 0 ? expected : got;
                try (Backend.Scope outer = pass == 1 ? be.constantWeights() : () -> { };
                     Backend.Scope inner = pass == 1 ? be.constantWeights() : () -> { }) {
                    for (int i = 0; i < 6; i++) {
                        Tensor x = xs[i % 3], wi = i < 3 ? w : w2;
                        out[i] = Tensor.zeros(x.rank() == 3 ? new int[] {3, m, n} : new int[] {m, n});
                        be.matmul(x, false, wi, true, out[i], false);
                    }
                }
            }
            for (int i = 0; i < 6; i++) assertExact(expected[i].toArray(), got[i], "m=" + m + " k=" + k + " n=" + n + " #" + i);
            // A weight changed in place inside the scope is not served from what was derived before the change.
            Tensor after = Tensor.zeros(m, n), plain = Tensor.zeros(m, n);
            try (Backend.Scope scope = be.constantWeights()) {
                be.matmul(xs[0], false, w, true, Tensor.zeros(m, n), false);
                be.fill(w, 0.25f);
                be.matmul(xs[0], false, w, true, after, false);
            }
            be.matmul(xs[0], false, w, true, plain, false);
            assertExact(plain.toArray(), after, "m=" + m + " k=" + k + " n=" + n + " after an in-place change");
            // What a backend keeps from an earlier scope (jvm-simd keeps its panels per thread) is checked too: w
            // takes w2's values between two scopes, and a later scope must see them.
            be.copy(w2, w);
            Tensor later = Tensor.zeros(m, n), laterPlain = Tensor.zeros(m, n);
            try (Backend.Scope scope = be.constantWeights()) {
                be.matmul(xs[1], false, w, true, later, false);
            }
            be.matmul(xs[1], false, w2, true, laterPlain, false);
            assertExact(laterPlain.toArray(), later, "m=" + m + " k=" + k + " n=" + n + " after a change between scopes");
        }
    }

    // ---------------------------------------------------------------- unary

    @Test
    public void unaryMatchesDefinitionOnAwkwardSizesAndSpecialValues() {
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : SIZES) {
                Tensor x = withSpecials(n, n), out = Tensor.zeros(n);
                be().unary(op, x, out);
                double[] e = new double[n];
                for (int i = 0; i < n; i++) e[i] = op.apply(x.data()[i]);
                String what = op + " n=" + n;
                if (transcendental(op)) assertClose(e, out, Tolerances.TRANSCENDENTAL_REL, 1e-7, what);
                else assertClose(e, out, 0, 0, what);
            }
        }
    }

    @Test
    public void unaryHandCheckedValues() {
        Tensor x = Tensor.of(new float[] {-2f, 0f, 3f, Float.NaN}, 4), out = Tensor.zeros(4);
        be().unary(UnaryOp.RELU, x, out);
        assertExact(new float[] {0f, 0f, 3f, 0f}, out, "relu");
        be().unary(UnaryOp.STEP, x, out);
        assertExact(new float[] {0f, 0f, 1f, 0f}, out, "step");
        be().unary(UnaryOp.SIGN, x, out);
        assertExact(new float[] {-1f, 0f, 1f, Float.NaN}, out, "sign");
        be().unary(UnaryOp.SQUARE, x, out);
        assertExact(new float[] {4f, 0f, 9f, Float.NaN}, out, "square");
        be().unary(UnaryOp.SIGMOID, Tensor.of(new float[] {0f, 100f, -100f, Float.NaN}, 4), out);
        assertClose(new double[] {0.5, 1, 0, Double.NaN}, out, 0, 1e-30, "sigmoid");
    }

    @Test
    public void unaryInPlaceAndEmpty() {
        for (int n : SIZES) {
            Tensor x = random(n, n);
            float[] e = new float[n];
            for (int i = 0; i < n; i++) e[i] = -x.data()[i];
            be().unary(UnaryOp.NEG, x, x);
            assertExact(e, x, "in-place neg n=" + n);
        }
        Tensor empty = Tensor.zeros(0, 3);
        be().unary(UnaryOp.EXP, empty, Tensor.zeros(0, 3));
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().unary(UnaryOp.EXP, Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "EXP", "[2, 3]", "[3, 2]");
    }

    // ---------------------------------------------------------------- binary

    @Test
    public void binarySameShapeOnAwkwardSizes() {
        for (BinaryOp op : BinaryOp.values()) {
            for (int n : SIZES) {
                Tensor a = withSpecials(n, n), b = random(n + 1, n), out = Tensor.zeros(n);
                if (n > 2) b.data()[2] = a.data()[2]; // EQ and GE on equal values
                be().binary(op, a, b, out);
                double[] e = new double[n];
                for (int i = 0; i < n; i++) e[i] = op.apply(a.data()[i], b.data()[i]);
                double rel = op == BinaryOp.POW ? Tolerances.TRANSCENDENTAL_REL : 0;
                assertClose(e, out, rel, 0, op + " n=" + n);
            }
        }
    }

    @Test
    public void binaryNaNAndSignedZeroSemantics() {
        Tensor a = Tensor.of(new float[] {Float.NaN, 1f, -0f, 0f, 2f}, 5);
        Tensor b = Tensor.of(new float[] {1f, Float.NaN, 0f, -0f, 2f}, 5), out = Tensor.zeros(5);
        be().binary(BinaryOp.MAX, a, b, out);
        assertExact(new float[] {Float.NaN, Float.NaN, 0f, 0f, 2f}, out, "max");
        assertEquals(0, Float.floatToRawIntBits(out.data()[2]), "max(-0, +0) = +0");
        be().binary(BinaryOp.MIN, a, b, out);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(out.data()[3]), "min(+0, -0) = -0");
        be().binary(BinaryOp.EQ, a, b, out);
        assertExact(new float[] {0f, 0f, 1f, 1f, 1f}, out, "eq");
        be().binary(BinaryOp.GT, a, b, out);
        assertExact(new float[] {0f, 0f, 0f, 0f, 0f}, out, "gt");
        be().binary(BinaryOp.GE, a, b, out);
        assertExact(new float[] {0f, 0f, 1f, 1f, 1f}, out, "ge");
    }

    private static final int[][][] BROADCASTS = {
        {{5, 7}, {}}, {{}, {5, 7}}, {{5, 7}, {7}}, {{7}, {5, 7}}, {{5, 7}, {5, 1}}, {{5, 1}, {5, 7}},
        {{5, 1}, {1, 7}}, {{2, 3, 4}, {3, 1}}, {{2, 1, 4}, {3, 1}}, {{1}, {3, 8}}, {{4, 1, 13}, {1, 1}},
        {{3, 0}, {1}}, {{0, 3}, {3}}, {{2, 3, 64}, {64}}, {{127, 31}, {31}}, {{31}, {127, 31}},
        {{1000, 3}, {1, 3}}, {{2, 1, 3, 1}, {5, 1, 8}}, {{13, 1}, {}}, {{1, 1}, {1}}};

    @Test
    public void binaryBroadcastingMatchesNaiveIndexing() {
        int seed = 0;
        for (int[][] c : BROADCASTS) {
            for (BinaryOp op : BinaryOp.values()) {
                Tensor a = random(seed++, c[0]), b = random(seed++, c[1]);
                int[] shape = Shapes.broadcast(c[0], c[1]);
                Tensor out = Tensor.zeros(shape);
                be().binary(op, a, b, out);
                double[] e = new double[out.size()];
                for (int i = 0; i < e.length; i++) {
                    int[] idx = unravel(i, shape);
                    e[i] = op.apply(broadcastGet(a, idx), broadcastGet(b, idx));
                }
                double rel = op == BinaryOp.POW ? Tolerances.TRANSCENDENTAL_REL : 0;
                assertClose(e, out, rel, 0, op + " " + Arrays.toString(c[0]) + " with " + Arrays.toString(c[1]));
            }
        }
    }

    @Test
    public void binaryInPlaceAliasing() {
        for (int n : SIZES) {
            Tensor a = random(n, 3, n), b = random(n + 7, 3, n), row = random(n + 9, n);
            float[] e = new float[3 * n], e2 = new float[3 * n];
            for (int i = 0; i < e.length; i++) e[i] = a.data()[i] - b.data()[i];
            be().binary(BinaryOp.SUB, a, b, a); // out aliases a
            assertExact(e, a, "a -= b n=" + n);
            for (int i = 0; i < e.length; i++) e2[i] = e[i] * b.data()[i];
            be().binary(BinaryOp.MUL, a, b, b); // out aliases b
            assertExact(e2, b, "b = a*b n=" + n);
            for (int i = 0; i < e.length; i++) e[i] = e[i] / row.data()[i % n];
            be().binary(BinaryOp.DIV, a, row, a); // out aliases a, b broadcast as a row
            assertExact(e, a, "a /= row n=" + n);
        }
    }

    @Test
    public void binaryErrorsNameOpAndShapes() {
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().binary(BinaryOp.ADD, Tensor.zeros(3, 4), Tensor.zeros(5), Tensor.zeros(3, 4)),
                "[3, 4]", "[5]");
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().binary(BinaryOp.MUL, Tensor.zeros(3, 4), Tensor.zeros(4), Tensor.zeros(4, 3)),
                "MUL", "[4, 3]", "[3, 4]");
    }

    @Test
    public void axpbyExactOnAwkwardSizesAndInPlace() {
        for (int n : SIZES) {
            Tensor x = random(n, n), y = random(n + 1, n), out = Tensor.zeros(n);
            float[] e = new float[n];
            for (int i = 0; i < n; i++) e[i] = 0.3f * x.data()[i] + -1.7f * y.data()[i];
            be().axpby(0.3f, x, -1.7f, y, out);
            assertExact(e, out, "axpby n=" + n);
            be().axpby(0.3f, x, -1.7f, y, y);
            assertExact(e, y, "axpby into y n=" + n);
        }
        be().axpby(1f, Tensor.zeros(0), 2f, Tensor.zeros(0), Tensor.zeros(0));
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().axpby(1f, Tensor.zeros(3), 1f, Tensor.zeros(4), Tensor.zeros(3)), "axpby", "[3]", "[4]");
    }

    // ---------------------------------------------------------------- reductions

    /** Naive reduction in double: value and Σ|x| per output element. */
    private static double[][] naiveReduce(ReduceOp op, Tensor x, int[] axes) {
        int[] shape = x.shape(), keep = Shapes.reduced(shape, axes, true);
        int m = Shapes.size(keep);
        double[] v = new double[m], scale = new double[m];
        int[] count = new int[m];
        Arrays.fill(v, op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : op == ReduceOp.MIN ? Double.POSITIVE_INFINITY : 0);
        for (int i = 0; i < x.size(); i++) {
            int[] idx = unravel(i, shape);
            for (int d = 0; d < idx.length; d++) if (keep[d] == 1) idx[d] = 0;
            int o = ravel(idx, keep);
            double xv = x.data()[i];
            count[o]++;
            scale[o] += Math.abs(xv);
            switch (op) {
                case SUM, MEAN -> v[o] += xv;
                case MAX -> v[o] = Double.isNaN(xv) || xv > v[o] ? xv : v[o];
                case MIN -> v[o] = Double.isNaN(xv) || xv < v[o] ? xv : v[o];
            }
        }
        if (op == ReduceOp.MEAN) {
            for (int o = 0; o < m; o++) {
                v[o] /= count[o];
                scale[o] /= count[o];
            }
        }
        return new double[][] {v, scale};
    }

    private void checkReduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        Tensor out = Tensor.full(42f, Shapes.reduced(x.shape(), axes, keepDims));
        be().reduce(op, x, axes, out);
        double[][] e = naiveReduce(op, x, axes);
        assertWithin(e[0], e[1], out, Tolerances.F32_REL, Tolerances.F32_ABS,
                op + " of " + Shapes.str(x.shape()) + " over " + Arrays.toString(axes) + " keep=" + keepDims);
    }

    @Test
    public void reduceOverSingleMultipleAndNegativeAxes() {
        Tensor x = random(3, 3, 4, 5);
        int[][] axesList = {{0}, {1}, {2}, {-1}, {-3}, {0, 2}, {2, 0}, {1, 2}, {0, 1}, {0, 1, 2}, {-3, -1}, {}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] axes : axesList) {
                checkReduce(op, x, axes, true);
                checkReduce(op, x, axes, false);
            }
        }
    }

    @Test
    public void reduceRowsAndColumnsOnAwkwardSizes() {
        for (ReduceOp op : ReduceOp.values()) {
            for (int n : SIZES) {
                checkReduce(op, random(n, n), new int[] {0}, false);
                checkReduce(op, random(n, 5, n), new int[] {1}, true);
                checkReduce(op, random(n, 5, n), new int[] {0}, false);
                checkReduce(op, random(n, n, 3), new int[] {-2}, true);
                checkReduce(op, random(n, 2, 3, n), new int[] {1, 2}, false);
                checkReduce(op, random(n, 2, n, 3), new int[] {0, 1}, true);
            }
        }
    }

    @Test
    public void reduceKeepsNaN() {
        for (int n : SIZES) {
            for (int pos : new int[] {0, n / 2, n - 1}) {
                Tensor x = random(n, 3, n);
                x.data()[n + pos] = Float.NaN; // row 1
                for (ReduceOp op : ReduceOp.values()) {
                    checkReduce(op, x, new int[] {1}, false);
                    checkReduce(op, x, new int[] {0}, false);
                    checkReduce(op, x, new int[] {0, 1}, false);
                }
            }
        }
    }

    @Test
    public void emptyReductions() {
        float[] expected = {0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        for (ReduceOp op : ReduceOp.values()) {
            float e = expected[op.ordinal()];
            Tensor out = Tensor.zeros(3);
            be().reduce(op, Tensor.zeros(0, 3), new int[] {0}, out);
            assertExact(new float[] {e, e, e}, out, op + " over an empty axis 0");
            be().reduce(op, Tensor.zeros(3, 0), new int[] {-1}, out);
            assertExact(new float[] {e, e, e}, out, op + " over an empty last axis");
            Tensor s = Tensor.scalar(7f);
            be().reduce(op, Tensor.zeros(0), new int[] {0}, s);
            assertExact(new float[] {e}, s, op + " of an empty vector");
            Tensor none = Tensor.zeros(0, 1);
            be().reduce(op, Tensor.zeros(0, 4), new int[] {1}, none); // nothing to write
        }
        assertEquals(ReduceOp.values().length, expected.length);
    }

    @Test
    public void reduceErrorsNameOpAndShapes() {
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().reduce(ReduceOp.SUM, Tensor.zeros(3, 4), new int[] {1}, Tensor.zeros(4)),
                "SUM", "[3, 4]", "[4]", "[3, 1]", "[3]");
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().reduce(ReduceOp.MAX, Tensor.zeros(3, 4), new int[] {2}, Tensor.zeros(3)), "axis 2");
    }

    // ---------------------------------------------------------------- matmul

    private static DMatrixRMaj ejml(Tensor t, int batch, int rows, int cols, boolean abs) {
        DMatrixRMaj d = new DMatrixRMaj(rows, cols);
        int off = batch * rows * cols;
        for (int i = 0; i < rows * cols; i++) {
            double v = t.data()[off + i];
            d.data[i] = abs ? Math.abs(v) : v;
        }
        return d;
    }

    private static void ejmlMult(boolean ta, boolean tb, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (ta && tb) CommonOps_DDRM.multTransAB(a, b, c);
        else if (ta) CommonOps_DDRM.multTransA(a, b, c);
        else if (tb) CommonOps_DDRM.multTransB(a, b, c);
        else CommonOps_DDRM.mult(a, b, c);
    }

    /** Checks op(a)·op(b) (+ c0) against EJML in double, with error relative to Σ|a||b| per element. */
    private void checkMatmul(int batchA, int batchB, int m, int k, int n, boolean ta, boolean tb, boolean acc) {
        long seed = 31L * m + 7L * k + n + (ta ? 1000 : 0) + (tb ? 2000 : 0);
        int[] as = ta ? new int[] {k, m} : new int[] {m, k}, bs = tb ? new int[] {n, k} : new int[] {k, n};
        Tensor a = random(seed, batchA > 0 ? new int[] {batchA, as[0], as[1]} : as);
        Tensor b = random(seed + 1, batchB > 0 ? new int[] {batchB, bs[0], bs[1]} : bs);
        int batch = Math.max(batchA, batchB);
        Tensor out = random(seed + 2, batch > 0 ? new int[] {batch, m, n} : new int[] {m, n});
        Tensor c0 = out.copy();
        be().matmul(a, ta, b, tb, out, acc);
        double[] e = new double[out.size()], scale = new double[out.size()];
        DMatrixRMaj c = new DMatrixRMaj(m, n), cAbs = new DMatrixRMaj(m, n);
        for (int bt = 0; bt < Math.max(batch, 1); bt++) {
            ejmlMult(ta, tb, ejml(a, batchA > 0 ? bt : 0, as[0], as[1], false),
                    ejml(b, batchB > 0 ? bt : 0, bs[0], bs[1], false), c);
            ejmlMult(ta, tb, ejml(a, batchA > 0 ? bt : 0, as[0], as[1], true),
                    ejml(b, batchB > 0 ? bt : 0, bs[0], bs[1], true), cAbs);
            for (int i = 0; i < m * n; i++) {
                int o = bt * m * n + i;
                e[o] = c.data[i] + (acc ? c0.data()[o] : 0);
                scale[o] = cAbs.data[i] + (acc ? Math.abs(c0.data()[o]) : 0);
            }
        }
        assertWithin(e, scale, out, Tolerances.F32_REL, Tolerances.F32_ABS, "matmul a" + Shapes.str(a.shape())
                + (ta ? "ᵀ" : "") + " b" + Shapes.str(b.shape()) + (tb ? "ᵀ" : "") + " acc=" + acc);
    }

    @Test
    public void matmulAgainstEjmlAllTransposesAwkwardSizes() {
        int[] sizes = {1, 3, 7, 8, 13, 31, 64, 127};
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            for (int m : sizes) for (int k : sizes) for (int n : sizes) {
                if ((m * 7 + k * 3 + n) % 3 == t % 3 || m * k * n < 64) checkMatmul(0, 0, m, k, n, ta, tb, false);
            }
            checkMatmul(0, 0, 1000, 31, 13, ta, tb, false);
            checkMatmul(0, 0, 3, 1000, 7, ta, tb, false);
            checkMatmul(0, 0, 7, 13, 1000, ta, tb, false);
            checkMatmul(0, 0, 130, 64, 127, ta, tb, false); // large enough to be split across threads
        }
    }

    @Test
    public void matmulBatchedAndBroadcastOperands() {
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            checkMatmul(3, 3, 7, 13, 31, ta, tb, false);
            checkMatmul(4, 0, 13, 8, 7, ta, tb, false);  // b shared by every batch
            checkMatmul(0, 5, 3, 31, 13, ta, tb, false); // a shared by every batch
            checkMatmul(2, 2, 64, 127, 64, ta, tb, true);
            checkMatmul(9, 0, 31, 64, 33, ta, tb, true);
        }
    }

    @Test
    public void matmulAccumulateAddsToOut() {
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            for (int s : new int[] {1, 7, 13, 64}) checkMatmul(0, 0, s, s + 1, s + 2, ta, tb, true);
        }
    }

    /**
     * Without accumulate, out is written, never read: NaN left in it by an earlier user must not leak through
     * (products write into recycled arrays without zeroing them). Plain, batched, broadcast, k = 0 and a size
     * large enough to be split across threads.
     */
    @Test
    public void matmulWithoutAccumulateIgnoresWhatOutHeld() {
        int[][] cases = { // batchA, batchB, m, k, n
            {0, 0, 7, 13, 31}, {3, 3, 7, 13, 31}, {4, 0, 13, 8, 7}, {0, 5, 3, 31, 13}, {0, 0, 5, 0, 9},
            {2, 2, 5, 0, 3}, {0, 0, 130, 64, 127}};
        for (int[] c : cases) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = c[2], k = c[3], n = c[4], batch = Math.max(c[0], c[1]);
                int[] as = ta ? new int[] {k, m} : new int[] {m, k}, bs = tb ? new int[] {n, k} : new int[] {k, n};
                Tensor a = random(11 + t, c[0] > 0 ? new int[] {c[0], as[0], as[1]} : as);
                Tensor b = random(17 + t, c[1] > 0 ? new int[] {c[1], bs[0], bs[1]} : bs);
                int[] os = batch > 0 ? new int[] {batch, m, n} : new int[] {m, n};
                Tensor clean = Tensor.zeros(os), dirty = Tensor.full(Float.NaN, os);
                be().matmul(a, ta, b, tb, clean, false);
                be().matmul(a, ta, b, tb, dirty, false);
                assertExact(clean.toArray(), dirty, java.util.Arrays.toString(c) + " ta=" + ta + " tb=" + tb);
            }
        }
    }

    @Test
    public void matmulEmptyDimensions() {
        Tensor out = Tensor.full(5f, 3, 4);
        be().matmul(Tensor.zeros(3, 0), false, Tensor.zeros(0, 4), false, out, true);
        assertExact(filled(12, 5f), out, "k = 0 with accumulate keeps out");
        be().matmul(Tensor.zeros(3, 0), false, Tensor.zeros(0, 4), false, out, false);
        assertExact(filled(12, 0f), out, "k = 0 gives zeros");
        be().matmul(Tensor.zeros(0, 5), false, Tensor.zeros(5, 4), false, Tensor.zeros(0, 4), false);
        be().matmul(Tensor.zeros(2, 3, 5), false, Tensor.zeros(5, 0), false, Tensor.zeros(2, 3, 0), false);
        be().matmul(Tensor.zeros(0, 3, 5), false, Tensor.zeros(5, 2), false, Tensor.zeros(0, 3, 2), false);
    }

    private static float[] filled(int n, float v) {
        float[] f = new float[n];
        Arrays.fill(f, v);
        return f;
    }

    @Test
    public void matmulErrorsNameOpAndShapes() {
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().matmul(Tensor.zeros(3, 4), false, Tensor.zeros(5, 6), false, Tensor.zeros(3, 6), false),
                "matmul", "[3, 4]", "[5, 6]");
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().matmul(Tensor.zeros(3, 4), false, Tensor.zeros(4, 6), false, Tensor.zeros(6, 3), false),
                "matmul", "[6, 3]", "[3, 6]");
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().matmul(Tensor.zeros(2, 3, 4), false, Tensor.zeros(3, 4, 6), false,
                        Tensor.zeros(2, 3, 6), false), "matmul", "[2, 3, 4]", "[3, 4, 6]");
    }

    // ---------------------------------------------------------------- layout

    @Test
    public void permuteRank4MatchesNaiveIndexing() {
        int[] shape = {2, 3, 4, 5};
        Tensor x = random(1, shape);
        for (int[] perm : new int[][] {{2, 0, 3, 1}, {3, 2, 1, 0}, {0, 1, 2, 3}, {-1, 0, 1, 2}, {1, 0, 3, 2}}) {
            int[] os = new int[4];
            for (int i = 0; i < 4; i++) os[i] = shape[Shapes.axis(perm[i], 4)];
            Tensor out = Tensor.zeros(os);
            be().permute(x, perm, out);
            float[] e = new float[x.size()];
            for (int i = 0; i < e.length; i++) {
                int[] oi = unravel(i, os), xi = new int[4];
                for (int d = 0; d < 4; d++) xi[Shapes.axis(perm[d], 4)] = oi[d];
                e[i] = x.data()[ravel(xi, shape)];
            }
            assertExact(e, out, "permute " + Arrays.toString(perm));
        }
        be().permute(Tensor.zeros(0, 3), new int[] {1, 0}, Tensor.zeros(3, 0));
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().permute(x, new int[] {0, 1, 2, 3}, Tensor.zeros(5, 4, 3, 2)), "permute", "[5, 4, 3, 2]");
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().permute(x, new int[] {0, 0, 2, 3}, Tensor.zeros(2, 2, 4, 5)), "permute", "repeated");
    }

    @Test
    public void sliceAndSliceIntoAreAdjoint() {
        int[] shape = {4, 5, 6};
        Tensor x = random(2, shape);
        for (int axis = -3; axis < 3; axis++) {
            int ax = Shapes.axis(axis, 3), start = 1, end = shape[ax] - 1;
            int[] ss = shape.clone();
            ss[ax] = end - start;
            Tensor s = Tensor.zeros(ss);
            be().slice(x, axis, start, end, s);
            for (int i = 0; i < s.size(); i++) {
                int[] idx = unravel(i, ss);
                idx[ax] += start;
                assertEquals(x.data()[ravel(idx, shape)], s.data()[i], "slice axis " + axis);
            }
            Tensor y = random(3 + axis, ss), back = Tensor.zeros(shape);
            be().sliceInto(y, axis, start, back, false);
            // ⟨slice(x), y⟩ = ⟨x, sliceInto(y)⟩
            assertEquals(TensorAssert.dot(s, y), TensorAssert.dot(x, back), 1e-9, "adjoint axis " + axis);
            Tensor acc = Tensor.ones(shape);
            be().sliceInto(y, axis, start, acc, true);
            for (int i = 0; i < acc.size(); i++) assertEquals(1f + back.data()[i], acc.data()[i], "accumulate");
        }
        be().slice(x, 1, 2, 2, Tensor.zeros(4, 0, 6));
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().slice(x, 1, 3, 7, Tensor.zeros(4, 4, 6)), "slice", "[4, 5, 6]");
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().sliceInto(Tensor.zeros(4, 3, 6), 1, 3, Tensor.zeros(shape), false), "sliceInto",
                "[4, 3, 6]", "[4, 5, 6]");
    }

    @Test
    public void indexSelectAndIndexAddAreAdjoint() {
        int[] shape = {4, 5, 3};
        Tensor x = random(4, shape);
        int[] index = {2, 0, 2, 4, 1};
        for (int axis : new int[] {0, 1, -1}) {
            int ax = Shapes.axis(axis, 3);
            int[] idx = Arrays.stream(index).map(i -> i % shape[ax]).toArray();
            int[] ss = shape.clone();
            ss[ax] = idx.length;
            Tensor s = Tensor.zeros(ss);
            be().indexSelect(x, axis, idx, s);
            for (int i = 0; i < s.size(); i++) {
                int[] at = unravel(i, ss);
                at[ax] = idx[at[ax]];
                assertEquals(x.data()[ravel(at, shape)], s.data()[i], "indexSelect axis " + axis);
            }
            Tensor y = random(5, ss), back = Tensor.zeros(shape);
            be().indexAdd(y, axis, idx, back); // repeated indices add in float32
            assertEquals(TensorAssert.dot(s, y), TensorAssert.dot(x, back), Tolerances.F32_ABS, "adjoint axis " + axis);
        }
        be().indexSelect(x, 1, new int[0], Tensor.zeros(4, 0, 3));
        assertThrowsNaming(IndexOutOfBoundsException.class,
                () -> be().indexSelect(x, 1, new int[] {5}, Tensor.zeros(4, 1, 3)), "indexSelect", "5");
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().indexAdd(Tensor.zeros(4, 2, 3), 1, new int[] {0}, Tensor.zeros(shape)), "indexAdd",
                "[4, 2, 3]");
    }

    @Test
    public void concatAlongEachAxis() {
        Tensor a = random(6, 2, 3), b = random(7, 2, 4), empty = Tensor.zeros(2, 0);
        Tensor out = Tensor.zeros(2, 7);
        be().concat(new Tensor[] {a, empty, b}, 1, out);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 7; c++) {
                float e = c < 3 ? a.get(r, c) : b.get(r, c - 3);
                assertEquals(e, out.get(r, c), "concat axis 1 at " + r + "," + c);
            }
        }
        Tensor rows = Tensor.zeros(4, 3);
        be().concat(new Tensor[] {a, random(8, 2, 3)}, -2, rows);
        assertEquals(a.get(1, 2), rows.get(1, 2));
        assertThrowsNaming(IllegalArgumentException.class,
                () -> be().concat(new Tensor[] {a, b}, 0, Tensor.zeros(4, 3)), "concat", "[2, 4]", "[2, 3]");
    }

    @Test
    public void fillAndCopy() {
        for (int n : SIZES) {
            Tensor t = Tensor.zeros(n);
            be().fill(t, 2.5f);
            assertExact(filled(n, 2.5f), t, "fill");
        }
        Tensor src = random(9, 3, 4), dst = Tensor.zeros(4, 3);
        be().copy(src, dst);
        assertArrayEquals(src.data(), dst.data());
        assertThrowsNaming(IllegalArgumentException.class, () -> be().copy(src, Tensor.zeros(5)), "copy", "[3, 4]",
                "[5]");
    }

    // ---------------------------------------------------------------- random

    @Test
    public void randomIsDeterministicPerSeedWithTheRightMoments() {
        int n = 20_000;
        Tensor a = Tensor.zeros(n), b = Tensor.zeros(n), u = Tensor.zeros(n);
        be().randomNormal(new Rng(42), 1.5f, 2f, a);
        be().randomNormal(new Rng(42), 1.5f, 2f, b);
        assertArrayEquals(a.data(), b.data(), "same seed, same draws");
        be().randomNormal(new Rng(43), 1.5f, 2f, b);
        assertTrue(!Arrays.equals(a.data(), b.data()), "another seed, other draws");
        double[] mv = moments(a);
        assertEquals(1.5, mv[0], 4 * 2 / Math.sqrt(n), "normal mean");
        assertEquals(2.0, Math.sqrt(mv[1]), 0.05, "normal std");
        be().randomUniform(new Rng(7), -2f, 3f, u);
        for (float v : u.data()) assertTrue(v >= -2f && v < 3f, "uniform in [-2, 3): " + v);
        mv = moments(u);
        assertEquals(0.5, mv[0], 4 * 5 / Math.sqrt(12.0 * n), "uniform mean");
        assertEquals(25 / 12.0, mv[1], 0.1, "uniform variance");
        Tensor u2 = Tensor.zeros(n);
        be().randomUniform(new Rng(7), -2f, 3f, u2);
        assertArrayEquals(u.data(), u2.data(), "uniform determinism");
        be().randomUniform(new Rng(1), 1f, 2f, u2);
        for (float v : u2.data()) assertTrue(v >= 1f && v < 2f, "uniform in [1, 2): " + v);
    }

    private static double[] moments(Tensor t) {
        double s = 0, s2 = 0;
        for (float v : t.data()) s += v;
        double mean = s / t.size();
        for (float v : t.data()) s2 += (v - mean) * (v - mean);
        return new double[] {mean, s2 / t.size()};
    }
}
