package io.rldt.engine;

/**
 * A fused loop that the primitive set does not cover (an activation and its derivative in one pass, a bias add
 * with an activation, a row-wise log-density): a {@code name}, by which a device backend finds its own version
 * of the kernel, and the host {@code body}, which is the reference every version is tested against.
 *
 * <p>Run one through {@link Backend#kernel}, never by calling the body: a heap backend runs the body on the
 * tensors' arrays; a device backend runs its kernel on device memory (the simulated device runs the body on
 * staged copies), so the values stay where they are.
 *
 * @param name unique, stable identifier ({@code "tanh_grad"})
 * @param body the host loop; it reads and writes only heap tensors
 */
public record HostKernel(String name, Body body) {

    /** The host loop: {@code out} and {@code in} are heap tensors, {@code p} the kernel's scalar arguments. */
    @FunctionalInterface
    public interface Body {
        void run(Tensor out, Tensor[] in, double[] p);
    }

    /** No scalar arguments. */
    public static final double[] NO_ARGS = new double[0];

    /**
     * Writes {@code v} as three floats at {@code out[at..at+3)}: how a kernel returns a double (a norm, a sum) through
     * a float tensor. The 64 bits of {@code v} go in pieces of 22, 21 and 21 bits, each an integer that a float holds
     * exactly, so {@link #getDouble} gives back every double unchanged: ±0, ±∞, NaN, subnormals (a device kernel
     * does the same bit arithmetic).
     */
    public static void putDouble(float[] out, int at, double v) {
        long bits = Double.doubleToRawLongBits(v);
        out[at] = bits >>> 42;
        out[at + 1] = (bits >>> 21) & 0x1FFFFF;
        out[at + 2] = bits & 0x1FFFFF;
    }

    /** The double that {@link #putDouble} wrote at {@code in[at..at+3)}. */
    public static double getDouble(float[] in, int at) {
        return Double.longBitsToDouble(((long) in[at] << 42) | ((long) in[at + 1] << 21) | (long) in[at + 2]);
    }
}
