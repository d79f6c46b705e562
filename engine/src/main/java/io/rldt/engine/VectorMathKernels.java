package io.rldt.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD side of {@link FastMath}; only loaded when the Vector API is present. Every element goes through exactly
 * the same lane arithmetic wherever it sits in the array (a partial last vector runs through a zero-padded copy),
 * so results do not depend on n, offsets or the JIT.
 *
 * <p>Why exp's lane arithmetic is written out in one loop and σ and Mish call that loop on arrays instead of calling
 * a vector-valued helper: C2 inlines this project's methods (unlike the Vector API's, which are forced) only while
 * a call site looks hot and the compiled method is under its node budget, and the Vector API expands to many
 * nodes. Where a helper taking or returning a vector was not inlined (it happened inside the critic's fused SiLU in
 * a real run, not in a microbenchmark), every call boxed its vectors and fell back to the API's Java
 * implementation: that loop ran 2-7 times slower than one pass should. Array-to-array calls cost nothing when they
 * are not inlined, so no vector crosses a method boundary in these kernels (nor in SimdGemm's micro-kernels
 * and SimdBackend's loops, where a profile caught the same fallback); the loops run over chunks small enough for
 * their scratch to stay in L1.
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
    /** Elements per pass of the multi-pass functions (2 KiB of scratch). */
    private static final int CHUNK = 512;

    /**
     * {@code out[i] = exp(x[i])} for x ≤ 0 (clamped above at 0), within ~2 ulp of Math.exp; below −87.33 gives 0;
     * NaN stays NaN. {@code out} may be {@code x}. The only place exp's lane arithmetic is written.
     */
    static void expNonPositive(float[] x, float[] out, int n) {
        int end = S.loopBound(n);
        float[] pad = end < n ? padded(x, end, n) : null; // the last partial vector, zero-padded to L lanes
        for (int i = 0; i < n; i += L) {
            boolean whole = i < end;
            float[] src = whole ? x : pad, dst = whole ? out : pad;
            int at = whole ? i : 0;
            FloatVector v = FloatVector.fromArray(S, src, at);
            VectorMask<Float> underflow = v.compare(VectorOperators.LT, UNDERFLOW);
            // NaN lanes as v != v: test(IS_NAN) is not intrinsified on every JDK and CPU (its Java fallback converts
            // lane by lane and allocates; it was 12 % of a locomotion iteration)
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v);
            FloatVector xc = v.max(UNDERFLOW).min(0f);
            IntVector k = (IntVector) xc.mul(LOG2E).sub(0.5f).convert(VectorOperators.F2I, 0);
            FloatVector kf = (FloatVector) k.convert(VectorOperators.I2F, 0);
            FloatVector r = xc.sub(kf.mul(LN2_HI)).sub(kf.mul(LN2_LO));
            FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f)
                    .fma(r, FloatVector.broadcast(S, 8.3334519073e-3f))
                    .fma(r, FloatVector.broadcast(S, 4.1665795894e-2f))
                    .fma(r, FloatVector.broadcast(S, 1.6666665459e-1f))
                    .fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
            FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
            FloatVector scale = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(scale).blend(0f, underflow).blend(v, nan).intoArray(dst, at);
        }
        if (pad != null) System.arraycopy(pad, 0, out, end, n - end);
    }

    /** {@code x[from, n)} copied into a new array of L lanes (zeros after it). */
    private static float[] padded(float[] x, int from, int n) {
        float[] pad = new float[L];
        System.arraycopy(x, from, pad, 0, n - from);
        return pad;
    }

    /** {@code n} rounded up to whole vectors. */
    static int wholeVectors(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * {@code s[i] = σ(v[i])} for {@code i < vl}, a multiple of L ({@code e}: scratch of vl floats; {@code s} may be
     * {@code v}). σ(x) = 1/(1 + e) for x ≥ 0, e/(1 + e) otherwise, from e = exp(−|x|) ∈ (0, 1]: never overflows;
     * NaN stays NaN.
     */
    static void sigmoidWhole(float[] v, float[] s, float[] e, int vl) {
        for (int i = 0; i < vl; i += L) FloatVector.fromArray(S, v, i).abs().neg().intoArray(e, i);
        expNonPositive(e, e, vl);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < vl; i += L) {
            FloatVector x = FloatVector.fromArray(S, v, i), ev = FloatVector.fromArray(S, e, i);
            // one division per lane: the numerator is chosen first (1 or e), the quotient is the same IEEE result
            one.blend(ev, x.compare(VectorOperators.LT, 0f)).div(ev.add(1f))
                    .blend(x, x.compare(VectorOperators.NE, x)).intoArray(s, i);
        }
    }

    /** {@code out[i] = σ(x[i])} for {@code i < n}; {@code out} may be {@code x}. */
    static void sigmoid(float[] x, float[] out, int n) {
        int cap = wholeVectors(Math.min(n, CHUNK));
        float[] xs = new float[cap], e = new float[cap];
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c), vl = wholeVectors(len);
            System.arraycopy(x, c, xs, 0, len);
            java.util.Arrays.fill(xs, len, vl, 0f);
            sigmoidWhole(xs, xs, e, vl);
            System.arraycopy(xs, 0, out, c, len);
        }
    }

    /**
     * Mish {@code y = x·tanh(softplus(x))} (and, when {@code g != null}, its backward {@code dx = g·(t + x·σ·(1 − t²))}
     * instead) from e = exp(−|x|) alone: with E = eˣ, tanh(log(1 + E)) = ((1 + E)² − 1)/((1 + E)² + 1), which is
     * (1 + 2e)/(1 + 2e + 2e²) for x ≥ 0 and e(2 + e)/(e(2 + e) + 2) for x < 0; neither overflows.
     * {@code out} may be {@code x} or {@code g}.
     */
    static void mish(float[] x, float[] g, float[] out, int n) {
        int cap = wholeVectors(Math.min(n, CHUNK));
        float[] xs = new float[cap], gs = g == null ? null : new float[cap], e = new float[cap];
        FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c), vl = wholeVectors(len);
            System.arraycopy(x, c, xs, 0, len);
            java.util.Arrays.fill(xs, len, vl, 0f);
            if (gs != null) {
                System.arraycopy(g, c, gs, 0, len);
                java.util.Arrays.fill(gs, len, vl, 0f);
            }
            for (int i = 0; i < vl; i += L) FloatVector.fromArray(S, xs, i).abs().neg().intoArray(e, i);
            expNonPositive(e, e, vl);
            for (int i = 0; i < vl; i += L) {
                FloatVector v = FloatVector.fromArray(S, xs, i), ev = FloatVector.fromArray(S, e, i);
                VectorMask<Float> neg = v.compare(VectorOperators.LT, 0f);
                FloatVector twoE = ev.mul(two);
                FloatVector posNum = one.add(twoE), negNum = ev.mul(two.add(ev));
                // one division per lane, numerator and denominator chosen first (the same quotient as before)
                FloatVector t = posNum.blend(negNum, neg)
                        .div(posNum.add(twoE.mul(ev)).blend(negNum.add(two), neg));
                FloatVector r;
                if (gs == null) {
                    r = v.mul(t);
                } else {
                    FloatVector sig = one.blend(ev, neg).div(one.add(ev));
                    r = FloatVector.fromArray(S, gs, i).mul(t.add(v.mul(sig).mul(one.sub(t.mul(t)))));
                }
                r.blend(v, v.compare(VectorOperators.NE, v)).intoArray(xs, i); // NaN stays
            }
            System.arraycopy(xs, 0, out, c, len);
        }
    }
}
