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
     * a float tensor. {@link #getDouble} gives back exactly {@code v} for every finite |v| ≤ 3.4e38 whose last bits
     * are not below float's subnormal range.
     */
    public static void putDouble(float[] out, int at, double v) {
        float hi = (float) v;
        double r = v - hi;
        float mid = (float) r;
        out[at] = hi;
        out[at + 1] = mid;
        out[at + 2] = (float) (r - mid);
    }

    /** The double that {@link #putDouble} wrote at {@code in[at..at+3)}. */
    public static double getDouble(float[] in, int at) {
        return (double) in[at] + (double) in[at + 1] + (double) in[at + 2];
    }
}
