package io.rldt.engine;

/**
 * The closed set of elementwise unary primitives. {@link #apply(float)} is the definition every backend
 * must reproduce (within float32 rounding for transcendental functions).
 */
public enum UnaryOp {
    NEG { public float apply(float x) { return -x; } },
    ABS { public float apply(float x) { return Math.abs(x); } },
    EXP { public float apply(float x) { return (float) Math.exp(x); } },
    LOG { public float apply(float x) { return (float) Math.log(x); } },
    /** log(1 + x), accurate near 0. */
    LOG1P { public float apply(float x) { return (float) Math.log1p(x); } },
    /** exp(x) − 1, accurate near 0. */
    EXPM1 { public float apply(float x) { return (float) Math.expm1(x); } },
    SQRT { public float apply(float x) { return (float) Math.sqrt(x); } },
    SQUARE { public float apply(float x) { return x * x; } },
    RECIPROCAL { public float apply(float x) { return 1f / x; } },
    TANH { public float apply(float x) { return (float) Math.tanh(x); } },
    /** 1 / (1 + e^−x), written to avoid overflow for large |x|. */
    SIGMOID {
        public float apply(float x) {
            if (x >= 0) return (float) (1.0 / (1.0 + Math.exp(-x)));
            double e = Math.exp(x);
            return (float) (e / (1.0 + e));
        }
    },
    RELU { public float apply(float x) { return x > 0f ? x : 0f; } },
    /** 1 where x &gt; 0, else 0 (the derivative of relu). */
    STEP { public float apply(float x) { return x > 0f ? 1f : 0f; } },
    /** −1, 0 or 1 (0 for ±0 and NaN stays NaN). */
    SIGN { public float apply(float x) { return Math.signum(x); } },
    SIN { public float apply(float x) { return (float) Math.sin(x); } },
    COS { public float apply(float x) { return (float) Math.cos(x); } };

    /** The reference definition of this primitive on one element. */
    public abstract float apply(float x);
}
