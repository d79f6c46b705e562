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
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
