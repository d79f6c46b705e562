package io.rldt.engine;

/**
 * Every numerical tolerance the test suites use, in one place, with the reason for its size.
 * Shared with downstream modules through the engine's test jar.
 */
public final class Tolerances {
    private Tolerances() {}

    /** Float32 results of non-reassociating ops (elementwise, layout): exact up to one rounding. */
    public static final float EXACT_F32 = 0f;
    /** Float32 sums/products of moderate length against a double reference: relative error. */
    public static final float F32_REL = 1e-5f;
    /** Float32 absolute floor used with {@link #F32_REL} for values near zero. */
    public static final float F32_ABS = 1e-5f;
    /** Transcendental functions against java.lang.Math: a few ulps. */
    public static final float TRANSCENDENTAL_REL = 2e-6f;
    /** Central finite differences in double precision (step 1e-6): relative error of a gradient check. */
    public static final double FD_REL = 1e-6;
    /** Absolute floor for finite-difference comparisons in double precision. */
    public static final double FD_ABS = 1e-8;
    /** Our float32 pipeline against PyTorch float32 golden fixtures (different summation orders). */
    public static final float GOLDEN_REL = 1e-4f;
    public static final float GOLDEN_ABS = 1e-5f;

    /** |a − b| ≤ abs + rel·max(|a|, |b|). */
    public static boolean close(double a, double b, double rel, double abs) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b);
        if (a == b) return true;
        return Math.abs(a - b) <= abs + rel * Math.max(Math.abs(a), Math.abs(b));
    }
}
