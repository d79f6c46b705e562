package io.rldt.engine;

/**
 * Array-at-a-time loops behind the layers' fused ops: bias add, ReLU and SiLU forward and backward, and the
 * bias gradient (column sums). Like {@link FastMath}, the SIMD path is chosen once when the Vector API is
 * present; otherwise the plain loops of {@link ScalarActivationKernels} (the reference) run.
 *
 * <p>Every SIMD loop performs, per element, exactly the float operations of its scalar reference in the same
 * order (no fused multiply-add, no reassociation; column sums keep the row order), so both paths give the same
 * bits and results do not depend on the path, the JIT or the thread count (on the SIMD path ReLU, its gradient and
 * the bias passes split large arrays over the engine's workers, {@link SimdBackend#elementwiseParts}: each element
 * is still computed alone; a pass in one part builds no lambda, so the small passes allocate nothing). The exception is {@link #biasSilu}:
 * its σ is {@link FastMath#sigmoid}'s on each path (a polynomial with fused multiply-adds on the SIMD path,
 * Math.exp on the plain one), so each path equals its own separate bias, σ and product passes. Arrays are row-major
 * {@code [rows, cols]} views; an output may be the same array as an input where noted.
 */
public final class ActivationKernels {
    private ActivationKernels() {}

    private static final boolean VECTOR = FastMath.vectorized();

    /** {@code y = max(x, 0)} (NaN and −0 give +0) for {@code i < n}; {@code y} may be {@code x}. */
    public static void relu(float[] x, float[] y, int n) {
        int parts = VECTOR ? SimdBackend.elementwiseParts(n) : 0;
        if (parts == 0) ScalarActivationKernels.relu(x, y, n);
        else if (parts == 1) VectorActivationKernels.relu(x, y, 0, n);
        else SimdBackend.inVectorParts(n, parts, (from, to) -> VectorActivationKernels.relu(x, y, from, to));
    }

    /** {@code dx = g·[y > 0]} for {@code i < n} ({@code y} the ReLU output, or its input: same mask). */
    public static void reluGrad(float[] y, float[] g, float[] dx, int n) {
        int parts = VECTOR ? SimdBackend.elementwiseParts(n) : 0;
        if (parts == 0) ScalarActivationKernels.reluGrad(y, g, dx, n);
        else if (parts == 1) VectorActivationKernels.reluGrad(y, g, dx, 0, n);
        else SimdBackend.inVectorParts(n, parts, (from, to) -> VectorActivationKernels.reluGrad(y, g, dx, from, to));
    }

    /** {@code y[r, j] = x[r, j] + b[j]}; {@code y} may be {@code x}. */
    public static void biasAdd(float[] x, float[] b, float[] y, int rows, int cols) {
        int parts = VECTOR ? SimdBackend.elementwiseParts((long) rows * cols) : 0;
        if (parts == 0) ScalarActivationKernels.biasAdd(x, b, y, rows, cols);
        else if (parts == 1) VectorActivationKernels.biasAdd(x, b, y, 0, rows, cols);
        else SimdBackend.inParts(rows, parts, (r0, r1) -> VectorActivationKernels.biasAdd(x, b, y, r0, r1, cols));
    }

    /** {@code y[r, j] = max(x[r, j] + b[j], 0)}; {@code y} may be {@code x}. */
    public static void biasRelu(float[] x, float[] b, float[] y, int rows, int cols) {
        int parts = VECTOR ? SimdBackend.elementwiseParts((long) rows * cols) : 0;
        if (parts == 0) ScalarActivationKernels.biasRelu(x, b, y, rows, cols);
        else if (parts == 1) VectorActivationKernels.biasRelu(x, b, y, 0, rows, cols);
        else SimdBackend.inParts(rows, parts, (r0, r1) -> VectorActivationKernels.biasRelu(x, b, y, r0, r1, cols));
    }

    /**
     * Bias and SiLU in one pass: {@code pre = x + b} (b may be null: {@code pre = x}), {@code sig = σ(pre)},
     * {@code y = pre·sig}, the same float operations as {@link #biasAdd}, {@link FastMath#sigmoid} and {@link #mul}
     * in turn, so the same bits. {@code pre} may be {@code x} or null (not kept); {@code sig} may be null (not
     * kept); {@code y} must be a separate array unless neither is kept.
     */
    public static void biasSilu(float[] x, float[] b, float[] pre, float[] sig, float[] y, int rows, int cols) {
        if (VECTOR) VectorActivationKernels.biasSilu(x, b, pre, sig, y, rows, cols);
        else ScalarActivationKernels.biasSilu(x, b, pre, sig, y, rows, cols);
    }

    /** {@code y = x·sig} elementwise for {@code i < n} (SiLU once {@code sig = σ(x)}); {@code y} may be {@code sig}. */
    public static void mul(float[] x, float[] sig, float[] y, int n) {
        if (VECTOR) VectorActivationKernels.mul(x, sig, y, n);
        else ScalarActivationKernels.mul(x, sig, y, n);
    }

    /** SiLU's backward {@code dx = g·s·(1 + x·(1 − s))} with {@code s = σ(x)}; {@code dx} may be {@code g}. */
    public static void siluGrad(float[] x, float[] sig, float[] g, float[] dx, int n) {
        if (VECTOR) VectorActivationKernels.siluGrad(x, sig, g, dx, n);
        else ScalarActivationKernels.siluGrad(x, sig, g, dx, n);
    }

    /** {@code db[j] = Σ_r g[r, j]}, summed in row order (the bias gradient); {@code db} is overwritten. */
    public static void columnSums(float[] g, int rows, int cols, float[] db) {
        if (VECTOR) VectorActivationKernels.columnSums(g, rows, cols, db);
        else ScalarActivationKernels.columnSums(g, rows, cols, db);
    }
}
