package io.rldt.engine;

/** The closed set of elementwise binary primitives (NumPy broadcasting applies). */
public enum BinaryOp {
    ADD { public float apply(float a, float b) { return a + b; } },
    SUB { public float apply(float a, float b) { return a - b; } },
    MUL { public float apply(float a, float b) { return a * b; } },
    DIV { public float apply(float a, float b) { return a / b; } },
    /** Larger of the two; NaN if either is NaN (Java's {@link Math#max} semantics). */
    MAX { public float apply(float a, float b) { return Math.max(a, b); } },
    MIN { public float apply(float a, float b) { return Math.min(a, b); } },
    POW { public float apply(float a, float b) { return (float) Math.pow(a, b); } },
    /** 1 where a &gt; b, else 0. */
    GT { public float apply(float a, float b) { return a > b ? 1f : 0f; } },
    /** 1 where a &gt;= b, else 0. */
    GE { public float apply(float a, float b) { return a >= b ? 1f : 0f; } },
    /** 1 where a == b, else 0. */
    EQ { public float apply(float a, float b) { return a == b ? 1f : 0f; } };

    /** The reference definition of this primitive on one pair. */
    public abstract float apply(float a, float b);
}
