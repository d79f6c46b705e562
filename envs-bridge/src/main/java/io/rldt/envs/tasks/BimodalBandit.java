package io.rldt.envs.tasks;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvContract;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * The project's teaching task (rldt-spec.md §8): a state-less, one-step bandit with two reward peaks.
 *
 * <ul>
 *   <li>Observation: the constant 1-dim vector {@code [0]} (space {@code [0, 0]}). The task has no state,
 *       but the {@link Env} API and policies expect an observation, so a constant stands in.</li>
 *   <li>Action: 2 entries in {@code [-3, 3]²}. The space is a generous box around both peaks and the
 *       demonstrations; actions are <b>not</b> clipped, because the reward is defined on all of ℝ².</li>
 *   <li>Reward {@code r(a) = Σ_{m ∈ {(−1, 0.5), (1, 0.5)}} exp(−‖a − m‖² / 0.02)}, see {@link #reward}.</li>
 *   <li>Every step is terminated (one-step episodes), so the exact {@code Q = r}.</li>
 *   <li>Demonstrations ({@link #sampleDemonstration}) come from an equal-weight mixture of two Gaussians
 *       centred at (−1, 0) and (1, 0) with σ = 0.3: they are offset from the reward peaks by 0.5 in the
 *       second coordinate, so fine-tuning must move both modes.</li>
 * </ul>
 *
 * <p>The env draws no random numbers; {@code reset(seed)} exists for the API only.
 */
public final class BimodalBandit implements Env {
    /** Registry id. */
    public static final String ID = "BimodalBandit-v0";
    /** Action dimension. */
    public static final int ACTION_DIM = 2;
    /** Bound of every action entry. */
    public static final double ACTION_BOUND = 3.0;
    /** The reward's bandwidth: {@code exp(−‖a − m‖² / WIDTH)}. */
    public static final double WIDTH = 0.02;
    /** Standard deviation of each demonstration component. */
    public static final double DEMO_SIGMA = 0.3;

    /** The reward peaks, {@code [2][2]}. */
    private static final double[][] PEAKS = {{-1.0, 0.5}, {1.0, 0.5}};
    /** The demonstration mixture centres, {@code [2][2]}. */
    private static final double[][] DEMO_CENTRES = {{-1.0, 0.0}, {1.0, 0.0}};

    private static final Box OBSERVATION_SPACE = Box.uniform(1, 0.0, 0.0);
    private static final Box ACTION_SPACE = Box.uniform(ACTION_DIM, -ACTION_BOUND, ACTION_BOUND);

    private final EnvContract contract = new EnvContract(ID, ACTION_DIM);

    /** Creates the bandit; it has no parameters. */
    public BimodalBandit() {}

    @Override public Box observationSpace() { return OBSERVATION_SPACE; }
    @Override public Box actionSpace() { return ACTION_SPACE; }

    @Override public ResetResult reset(long seed) { return reset(); }

    @Override
    public ResetResult reset() {
        contract.started();
        return new ResetResult(new double[1], Map.of());
    }

    @Override
    public StepResult step(double[] action) {
        contract.beforeStep(action);
        double r = reward(action);
        contract.finished(true);
        return new StepResult(new double[1], r, true, false, Map.of());
    }

    /** The reward {@code r(a) = Σ_m exp(−‖a − m‖² / 0.02)}; {@code a:[2]}, not modified. */
    public static double reward(double[] a) {
        EnvContract.requireAction(ID, a, ACTION_DIM);
        double r = 0;
        for (double[] m : PEAKS) r += kernel(a, m);
        return r;
    }

    /**
     * Writes {@code ∇_a r(a) = Σ_m exp(−‖a − m‖² / 0.02) · (−2 (a − m) / 0.02)} into {@code out} and returns
     * {@code r(a)}. {@code a:[2]} is not modified; {@code out:[2]} is overwritten (it may not alias {@code a}).
     */
    public static double rewardGradient(double[] a, double[] out) {
        EnvContract.requireAction(ID, a, ACTION_DIM);
        if (out == null || out.length != ACTION_DIM) {
            throw new IllegalArgumentException(ID + ": out has length " + (out == null ? "null" : out.length)
                    + ", expected " + ACTION_DIM);
        }
        if (out == a) throw new IllegalArgumentException(ID + ": out aliases a, expected separate arrays");
        out[0] = 0;
        out[1] = 0;
        double r = 0;
        for (double[] m : PEAKS) {
            double k = kernel(a, m);
            r += k;
            // d/da exp(-|a-m|²/w) = exp(...) · (-2 (a - m) / w)
            out[0] += k * (-2 * (a[0] - m[0]) / WIDTH);
            out[1] += k * (-2 * (a[1] - m[1]) / WIDTH);
        }
        return r;
    }

    /**
     * The largest reward, reached at either peak. The other peak adds {@code exp(−4/0.02) ≈ 1e-87}, which
     * vanishes in double precision, so this is 1.0 up to rounding.
     */
    public static double peakValue() { return reward(PEAKS[0].clone()); }

    /** The reward peaks {@code (−1, 0.5)} and {@code (1, 0.5)}, as a fresh {@code [2][2]} array. */
    public static double[][] peaks() { return new double[][] {PEAKS[0].clone(), PEAKS[1].clone()}; }

    /**
     * Draws one demonstration action into {@code out:[2]}: a fair coin picks the centre (−1, 0) or (1, 0),
     * then each coordinate gets independent Gaussian noise with σ = 0.3. Draws only from {@code rng} (a boolean,
     * then two Gaussians), so a seeded stream reproduces the same demonstrations.
     */
    public static void sampleDemonstration(SplittableRandom rng, double[] out) {
        if (out == null || out.length != ACTION_DIM) {
            throw new IllegalArgumentException(ID + ": out has length " + (out == null ? "null" : out.length)
                    + ", expected " + ACTION_DIM);
        }
        double[] c = DEMO_CENTRES[rng.nextBoolean() ? 1 : 0];
        out[0] = c[0] + DEMO_SIGMA * rng.nextGaussian();
        out[1] = c[1] + DEMO_SIGMA * rng.nextGaussian();
    }

    private static double kernel(double[] a, double[] m) {
        double d0 = a[0] - m[0];
        double d1 = a[1] - m[1];
        return Math.exp(-(d0 * d0 + d1 * d1) / WIDTH);
    }

    @Override public String toString() { return ID; }
}
