package io.rldt.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD side of {@link ActivationKernels}; only loaded when the Vector API is present. Each loop does the
 * scalar reference's float operations in the same order (tails are masked, not scalar), hence the same bits.
 */
final class VectorActivationKernels {
    private VectorActivationKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static void relu(float[] x, float[] y, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i, m);
        }
    }

    static void reluGrad(float[] y, float[] g, float[] dx, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMask<Float> pos = FloatVector.fromArray(S, y, i, m).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i, m), pos).intoArray(dx, i, m);
        }
    }

    static void biasAdd(float[] x, float[] b, float[] y, int rows, int cols) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector v = FloatVector.fromArray(S, x, o + j, m).add(FloatVector.fromArray(S, b, j, m));
                v.intoArray(y, o + j, m);
            }
        }
    }

    static void biasRelu(float[] x, float[] b, float[] y, int rows, int cols) {
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector v = FloatVector.fromArray(S, x, o + j, m).add(FloatVector.fromArray(S, b, j, m));
                zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, o + j, m);
            }
        }
    }

    static void mul(float[] x, float[] sig, float[] y, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).mul(FloatVector.fromArray(S, sig, i, m)).intoArray(y, i, m);
        }
    }

    static void siluGrad(float[] x, float[] sig, float[] g, float[] dx, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector s = FloatVector.fromArray(S, sig, i, m), xv = FloatVector.fromArray(S, x, i, m);
            FloatVector gs = FloatVector.fromArray(S, g, i, m).mul(s);
            gs.mul(one.add(xv.mul(one.sub(s)))).intoArray(dx, i, m);
        }
    }

    /** Rows outer, so g streams once; each column still adds its rows in order 0, 1, 2, ... */
    static void columnSums(float[] g, int rows, int cols, float[] db) {
        java.util.Arrays.fill(db, 0, cols, 0f);
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector.fromArray(S, db, j, m).add(FloatVector.fromArray(S, g, o + j, m)).intoArray(db, j, m);
            }
        }
    }
}
