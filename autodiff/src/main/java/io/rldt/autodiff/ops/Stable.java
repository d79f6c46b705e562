package io.rldt.autodiff.ops;

/** Scalar functions written to avoid overflow, shared by the elementwise ops. */
final class Stable {
    private Stable() {}

    static final double LOG2 = Math.log(2.0);

    /** 1/(1 + e^−x) without overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** log(1 + eˣ) = max(x, 0) + log1p(e^−|x|): never overflows, exact to rounding for all x. */
    static double softplus(double x) {
        return Math.max(x, 0) + log1pSmall(Math.exp(-Math.abs(x)));
    }

    /**
     * log(1 + e) for e in [0, 1]. {@link Math#log1p} is not a JIT intrinsic (it runs the slow StrictMath
     * code); {@code log(1 + e)} is, and loses nothing that matters for e ≥ 1e-4 in double. Below that the
     * series e − e²/2 + e³/3 is exact to ~e⁴ (relative 1e-12).
     */
    static double log1pSmall(double e) {
        return e < 1e-4 ? e - e * e * 0.5 + e * e * e / 3 : Math.log(1 + e);
    }
}
