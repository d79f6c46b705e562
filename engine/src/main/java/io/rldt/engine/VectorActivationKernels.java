package io.rldt.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD side of {@link ActivationKernels}; only loaded when the Vector API is present. Each loop does the
 * scalar reference's float operations in the same order, hence the same bits (except σ in {@link #biasSilu}: the
 * SIMD σ of {@link VectorMathKernels}, as {@link FastMath#sigmoid} uses on this path). Each loop runs unmasked over
 * whole vectors, then once masked over the tail: a mask in the main loop costs a bounds check per lane, and
 * choosing between masked and unmasked loads inside one loop defeats the JIT's vector intrinsics.
 */
final class VectorActivationKernels {
    private VectorActivationKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** {@code y[i] = max(x[i], 0)} for {@code from <= i < to}. */
    static void relu(float[] x, float[] y, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from, n = to;
        for (int end = from + S.loopBound(to - from); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i, m);
        }
    }

    /** {@code dx[i] = g[i]·[y[i] > 0]} for {@code from <= i < to}. */
    static void reluGrad(float[] y, float[] g, float[] dx, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from, n = to;
        for (int end = from + S.loopBound(to - from); i < end; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i), pos).intoArray(dx, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMask<Float> pos = FloatVector.fromArray(S, y, i, m).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i, m), pos).intoArray(dx, i, m);
        }
    }

    /** {@code y[r, j] = x[r, j] + b[j]} for rows {@code [r0, r1)}. */
    static void biasAdd(float[] x, float[] b, float[] y, int r0, int r1, int cols) {
        int end = S.loopBound(cols);
        VectorMask<Float> tail = S.indexInRange(end, cols);
        for (int r = r0, o = r0 * cols; r < r1; r++, o += cols) {
            int j = 0;
            for (; j < end; j += L) {
                FloatVector.fromArray(S, x, o + j).add(FloatVector.fromArray(S, b, j)).intoArray(y, o + j);
            }
            if (j < cols) {
                FloatVector.fromArray(S, x, o + j, tail).add(FloatVector.fromArray(S, b, j, tail)).intoArray(y, o + j, tail);
            }
        }
    }

    /** {@code y[r, j] = max(x[r, j] + b[j], 0)} for rows {@code [r0, r1)}. */
    static void biasRelu(float[] x, float[] b, float[] y, int r0, int r1, int cols) {
        FloatVector zero = FloatVector.zero(S);
        int end = S.loopBound(cols);
        VectorMask<Float> tail = S.indexInRange(end, cols);
        for (int r = r0, o = r0 * cols; r < r1; r++, o += cols) {
            int j = 0;
            for (; j < end; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, o + j).add(FloatVector.fromArray(S, b, j));
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, o + j);
            }
            if (j < cols) {
                FloatVector v = FloatVector.fromArray(S, x, o + j, tail).add(FloatVector.fromArray(S, b, j, tail));
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, o + j, tail);
            }
        }
    }

    /**
     * Row by row, in three passes over L1-resident scratch rows (one pass over memory): {@code v = x + b} with
     * {@code e = −|v|}; {@code e = exp(e)} through {@link VectorMathKernels#expNonPositive} (array to array: no vector
     * crosses a call, see that class's comment); σ from {@code e} with {@code pre}, {@code sig}, {@code y = v·σ}. The
     * lane arithmetic of {@link VectorMathKernels#sigmoidWhole}, whose first and last passes are merged here with the
     * bias and output passes (five passes were 0.73 ns per element).
     */
    static void biasSilu(float[] x, float[] b, float[] pre, float[] sig, float[] y, int rows, int cols) {
        int vl = VectorMathKernels.wholeVectors(cols), end = S.loopBound(cols);
        float[] v = new float[vl], e = new float[vl];
        VectorMask<Float> tail = S.indexInRange(end, cols);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            // pass 1: v = x + b and e = −|v| (VectorMathKernels.sigmoidWhole's first pass, done here in the same loop)
            int j = 0;
            for (; j < end; j += L) {
                FloatVector t = FloatVector.fromArray(S, x, o + j);
                if (b != null) t = t.add(FloatVector.fromArray(S, b, j));
                t.intoArray(v, j);
                t.abs().neg().intoArray(e, j);
            }
            if (j < cols) { // lanes past cols stay 0 in v (and −0 in e)
                FloatVector t = FloatVector.fromArray(S, x, o + j, tail);
                if (b != null) t = t.add(FloatVector.fromArray(S, b, j, tail));
                t.intoArray(v, j, tail);
                t.abs().neg().intoArray(e, j);
            }
            VectorMathKernels.expNonPositive(e, e, vl); // pass 2: e = exp(−|v|)
            // pass 3: σ from e exactly as sigmoidWhole's last pass (numerator 1 or e, one division; NaN stays), and
            // the outputs in the same loop
            for (j = 0; j < end; j += L) {
                FloatVector pv = FloatVector.fromArray(S, v, j), ev = FloatVector.fromArray(S, e, j);
                FloatVector sv = one.blend(ev, pv.compare(VectorOperators.LT, 0f)).div(ev.add(1f))
                        .blend(pv, pv.compare(VectorOperators.NE, pv));
                if (pre != null) pv.intoArray(pre, o + j);
                if (sig != null) sv.intoArray(sig, o + j);
                pv.mul(sv).intoArray(y, o + j);
            }
            if (j < cols) {
                FloatVector pv = FloatVector.fromArray(S, v, j), ev = FloatVector.fromArray(S, e, j);
                FloatVector sv = one.blend(ev, pv.compare(VectorOperators.LT, 0f)).div(ev.add(1f))
                        .blend(pv, pv.compare(VectorOperators.NE, pv));
                if (pre != null) pv.intoArray(pre, o + j, tail);
                if (sig != null) sv.intoArray(sig, o + j, tail);
                pv.mul(sv).intoArray(y, o + j, tail);
            }
        }
    }

    static void mul(float[] x, float[] sig, float[] y, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, sig, i)).intoArray(y, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).mul(FloatVector.fromArray(S, sig, i, m)).intoArray(y, i, m);
        }
    }

    static void siluGrad(float[] x, float[] sig, float[] g, float[] dx, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector s = FloatVector.fromArray(S, sig, i), xv = FloatVector.fromArray(S, x, i);
            FloatVector.fromArray(S, g, i).mul(s).mul(one.add(xv.mul(one.sub(s)))).intoArray(dx, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector s = FloatVector.fromArray(S, sig, i, m), xv = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(s).mul(one.add(xv.mul(one.sub(s)))).intoArray(dx, i, m);
        }
    }

    /** Rows outer, so g streams once; each column still adds its rows in order 0, 1, 2, ... */
    static void columnSums(float[] g, int rows, int cols, float[] db) {
        java.util.Arrays.fill(db, 0, cols, 0f);
        int end = S.loopBound(cols);
        VectorMask<Float> tail = S.indexInRange(end, cols);
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            int j = 0;
            for (; j < end; j += L) {
                FloatVector.fromArray(S, db, j).add(FloatVector.fromArray(S, g, o + j)).intoArray(db, j);
            }
            if (j < cols) {
                FloatVector.fromArray(S, db, j, tail).add(FloatVector.fromArray(S, g, o + j, tail)).intoArray(db, j, tail);
            }
        }
    }
}
