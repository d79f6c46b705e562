package io.rldt.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD side of {@link FastMath}; only loaded when the Vector API is present. Whole vectors run unmasked and
 * only the tail is masked (masked stores check every lane's index), with the same lane arithmetic, so every
 * element goes through exactly the same operations wherever it sits in the array.
 */
final class VectorMathKernels {
    private VectorMathKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split in two (Cody–Waite) so that x − n·ln2 is exact for the n that occur here.
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float UNDERFLOW = -87.33f;

    static void sigmoid(float[] x, float[] out, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) sigmoid(FloatVector.fromArray(S, x, i)).intoArray(out, i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sigmoid(FloatVector.fromArray(S, x, i, m)).intoArray(out, i, m);
        }
    }

    private static FloatVector sigmoid(FloatVector v) {
        // e = exp(−|x|) ∈ (0, 1]: σ(x) = 1/(1 + e) for x ≥ 0, e/(1 + e) otherwise; never overflows.
        FloatVector e = exp(v.abs().neg());
        FloatVector inv = e.add(1f);
        FloatVector pos = FloatVector.broadcast(S, 1f).div(inv);
        FloatVector neg = e.div(inv);
        return pos.blend(neg, v.compare(VectorOperators.LT, 0f)).blend(v, isNaN(v));
    }

    static void expNonPositive(float[] x, float[] out, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) exp(FloatVector.fromArray(S, x, i)).intoArray(out, i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            exp(FloatVector.fromArray(S, x, i, m)).intoArray(out, i, m);
        }
    }

    /**
     * Mish {@code y = x·tanh(softplus(x))} (and, when {@code g != null}, its backward {@code dx = g·(t + x·σ·(1 − t²))}
     * instead) from e = exp(−|x|) alone: with E = eˣ, tanh(log(1 + E)) = ((1 + E)² − 1)/((1 + E)² + 1), which is
     * (1 + 2e)/(1 + 2e + 2e²) for x ≥ 0 and e(2 + e)/(e(2 + e) + 2) for x < 0; neither overflows.
     */
    static void mish(float[] x, float[] g, float[] out, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            mish(v, g == null ? null : FloatVector.fromArray(S, g, i)).intoArray(out, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            mish(v, g == null ? null : FloatVector.fromArray(S, g, i, m)).intoArray(out, i, m);
        }
    }

    private static FloatVector mish(FloatVector v, FloatVector g) {
        FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
        VectorMask<Float> neg = v.compare(VectorOperators.LT, 0f);
        FloatVector e = exp(v.abs().neg());
        FloatVector twoE = e.mul(two);
        FloatVector posNum = one.add(twoE), posT = posNum.div(posNum.add(twoE.mul(e)));
        FloatVector negNum = e.mul(two.add(e)), negT = negNum.div(negNum.add(two));
        FloatVector t = posT.blend(negT, neg);
        FloatVector r;
        if (g == null) {
            r = v.mul(t);
        } else {
            FloatVector inv = one.add(e);
            FloatVector sig = one.div(inv).blend(e.div(inv), neg);
            r = g.mul(t.add(v.mul(sig).mul(one.sub(t.mul(t)))));
        }
        return r.blend(v, isNaN(v));
    }

    /**
     * The NaN lanes of {@code v}, as {@code v != v}: {@code test(IS_NAN)} is not intrinsified on every JDK and CPU
     * (its Java fallback converts lane by lane and allocates; it was 12 % of a locomotion iteration).
     */
    static VectorMask<Float> isNaN(FloatVector v) {
        return v.compare(VectorOperators.NE, v);
    }

    /** exp(x) for x ≤ 0 (clamped above at 0), within ~2 ulp of Math.exp; below −87.33 gives 0; NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> underflow = x.compare(VectorOperators.LT, UNDERFLOW);
        VectorMask<Float> nan = isNaN(x);
        FloatVector xc = x.max(UNDERFLOW).min(0f);
        IntVector n = (IntVector) xc.mul(LOG2E).sub(0.5f).convert(VectorOperators.F2I, 0);
        FloatVector nf = (FloatVector) n.convert(VectorOperators.I2F, 0);
        FloatVector r = xc.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f)
                .fma(r, FloatVector.broadcast(S, 8.3334519073e-3f))
                .fma(r, FloatVector.broadcast(S, 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(S, 1.6666665459e-1f))
                .fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(scale).blend(0f, underflow).blend(x, nan);
    }
}
