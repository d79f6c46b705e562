package io.rldt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Lane-wise functions built only from IEEE add, mul, fma and conversions, so compiled and interpreted code give
 * the same bits (the Vector API's own {@code EXP} may differ between its intrinsic and its Java fallback,
 * which would break the thread-count determinism of {@link FastTransportField}).
 */
final class VectorMath {
    private VectorMath() {}

    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split in two (Cody–Waite) so that x − n·ln2 is exact for the n that occur here.
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Below this exp(x) is under the smallest normal float; the kernel weight is 0 for practical purposes. */
    private static final float UNDERFLOW = -87.33f;

    /**
     * {@code exp(x)} for {@code x <= 0} (kernel exponents), within about 2 ulp of {@code Math.exp}; lanes below
     * {@code −87.33} give 0, NaN lanes give NaN. The Cephes {@code expf} polynomial.
     */
    static FloatVector expNonPositive(FloatVector x) {
        VectorMask<Float> underflow = x.compare(VectorOperators.LT, UNDERFLOW);
        // NaN lanes as x != x: test(IS_NAN) is not intrinsified everywhere (its fallback converts lane by lane).
        VectorMask<Float> nan = x.compare(VectorOperators.NE, x);
        FloatVector xc = x.max(UNDERFLOW).min(0f);
        // n = round(x·log2 e); truncation of (t − ½) rounds a non-positive t to nearest.
        IntVector n = (IntVector) xc.mul(LOG2E).sub(0.5f).convert(VectorOperators.F2I, 0);
        FloatVector nf = (FloatVector) n.convert(VectorOperators.I2F, 0);
        FloatVector r = xc.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO)); // n·LN2_HI is exact: few mantissa bits
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f)
                .fma(r, FloatVector.broadcast(r.species(), 8.3334519073e-3f))
                .fma(r, FloatVector.broadcast(r.species(), 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(r.species(), 1.6666665459e-1f))
                .fma(r, FloatVector.broadcast(r.species(), 5.0000001201e-1f));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        // 2^n by writing n + 127 into the exponent bits; n >= −126 after the clamp, so the result is normal.
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(scale).blend(0f, underflow).blend(x, nan);
    }
}
