package io.rldt.engine;

/**
 * Array-at-a-time transcendental functions for hot elementwise loops (activations of every network). With the
 * Vector API present they run as SIMD code built only from IEEE add, mul, fma and conversions (so the bits do
 * not depend on JIT state or thread count); without it, plain loops over {@link Math#exp}. Either way the
 * results are within a few float ulps of the exact function; the choice is made once, with {@link Backends}.
 */
public final class FastMath {
    private FastMath() {}

    private static final boolean VECTOR = Backends.simdUnavailableReason() == null;

    /** True when the SIMD path is in use. */
    public static boolean vectorized() {
        return VECTOR;
    }

    /** {@code out[i] = 1/(1 + e^(−x[i]))} for {@code i < n}; {@code out} may be {@code x}. */
    public static void sigmoid(float[] x, float[] out, int n) {
        if (VECTOR) {
            VectorMathKernels.sigmoid(x, out, n);
            return;
        }
        for (int i = 0; i < n; i++) out[i] = sigmoid(x[i]);
    }

    /** The plain path's σ of one element (in double, then rounded once). */
    static float sigmoid(float x) {
        double v = x;
        return (float) (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
    }

    /** Mish {@code out[i] = x[i]·tanh(softplus(x[i]))}; {@code out} may be {@code x}. */
    public static void mish(float[] x, float[] out, int n) {
        if (VECTOR) {
            VectorMathKernels.mish(x, null, out, n);
            return;
        }
        for (int i = 0; i < n; i++) out[i] = (float) (x[i] * Math.tanh(softplus(x[i])));
    }

    /** Mish's backward {@code dx[i] = g[i]·(t + x·σ(x)·(1 − t²))}, {@code t = tanh(softplus(x[i]))}; {@code dx} may be {@code g}. */
    public static void mishGrad(float[] x, float[] g, float[] dx, int n) {
        if (VECTOR) {
            VectorMathKernels.mish(x, g, dx, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double v = x[i], t = Math.tanh(softplus(v)), sig = 1 / (1 + Math.exp(-v));
            dx[i] = (float) (g[i] * (t + v * sig * (1 - t * t)));
        }
    }

    private static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    /** {@code out[i] = e^(x[i])} for {@code x[i] <= 0} (larger values are clamped to 0, giving 1). */
    public static void expNonPositive(float[] x, float[] out, int n) {
        if (VECTOR) {
            VectorMathKernels.expNonPositive(x, out, n);
            return;
        }
        for (int i = 0; i < n; i++) out[i] = (float) Math.exp(Math.min(0f, x[i]));
    }
}
