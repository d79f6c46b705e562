package io.rldt.autodiff;

import io.rldt.engine.Tolerances;

/**
 * Autodiff-specific tolerances, next to the shared ones in {@link Tolerances} (engine test jar).
 *
 * <p>The gradient checks compare a float32 analytic gradient with a central difference of a double-precision
 * reference forward. The difference quotient is accurate to about {@code h² ≈ 1e-12} (truncation) plus
 * {@code 1e-16/h ≈ 1e-10} (rounding), so the tolerance is set by float32: each op rounds its result
 * (2⁻²⁴ ≈ 6e-8 relative) and the small graphs here add at most a few hundred such roundings, some with
 * cancellation (layer norm); 1e-4 relative with an absolute floor of 1e-5 times the gradient's scale leaves
 * a margin of about 10× over the worst case observed, and a wrong derivative is off by O(1).
 */
public final class AutodiffTolerances {
    private AutodiffTolerances() {}

    /** Central-difference step, relative to max(1, |x|), in double. */
    public static final double FD_STEP = 1e-6;
    /** Float32 analytic gradient vs. double finite difference: relative part. */
    public static final double GRAD_REL = 1e-4;
    /** ... and absolute part, multiplied by max(1, max |gradient|) of that input. */
    public static final double GRAD_ABS = 1e-5;
    /** Float32 forward value vs. the double reference: relative part (a few roundings). */
    public static final double FORWARD_REL = 1e-5;
    /** ... and absolute part, multiplied by max(1, max |value|). */
    public static final double FORWARD_ABS = 1e-6;
    /** Minimum distance of a random test input from a kink (relu, abs, clamp, min/max ties). */
    public static final double KINK_MARGIN = 1e-2;
    /** Our float32 pipeline vs. PyTorch float32 goldens (shared definition). */
    public static final double GOLDEN_REL = Tolerances.GOLDEN_REL;
    public static final double GOLDEN_ABS = Tolerances.GOLDEN_ABS;
    /** Optimizer steps vs. PyTorch: same float32 formula, a few roundings per step. */
    public static final double OPTIM_REL = 1e-5;
    public static final double OPTIM_ABS = 1e-7;
}
