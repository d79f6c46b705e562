package io.rldt.core.data;

import java.util.List;

/**
 * The divisor of the critic's rewards ({@code critic.rewardScale}), one of three modes:
 * <ul>
 *   <li>{@link Mode#EMA} (spec §4, locomotion; the default): an exponential moving average of the mean absolute
 *       chunk reward, {@code scale ← (1 − rate)·scale + rate·mean|r|}, updated once per iteration from its fresh
 *       trajectories. The first update sets the scale directly so early iterations are not divided by an
 *       arbitrary initial value; an iteration whose rewards are all zero (below 1e-8) is skipped, as the
 *       authors' {@code EMARewardScaler} does, so a reward-free start cannot pin the scale at zero.</li>
 *   <li>{@link Mode#FIXED}: a constant divisor ({@code critic.rewardScaleValue}), the authors' Robomimic setup
 *       (a fixed reward scale with the Q targets clipped to the reachable range).</li>
 *   <li>{@link Mode#DATASET}: a constant set once before training to the mean absolute chunk reward of the
 *       demonstrations ({@link #meanAbsChunkReward}): the EMA's own statistic, measured on whole demonstration
 *       episodes (goal bonuses at the demonstrator's success rate included) instead of on the first iteration's
 *       partial rollouts, and the same for every seed that shares the demonstrations.</li>
 * </ul>
 * With scaling disabled ({@code critic.rewardScaling = false}) the divisor is 1 whatever the mode.
 */
public final class RewardScaler {
    /** How the divisor is obtained. */
    public enum Mode {
        EMA, FIXED, DATASET;

        /** {@code "ema"}, {@code "fixed"} or {@code "dataset"} (the config's spelling). */
        public static Mode parse(String name) {
            return switch (name) {
                case "ema" -> EMA;
                case "fixed" -> FIXED;
                case "dataset" -> DATASET;
                default -> throw new IllegalArgumentException("reward scale mode '" + name
                        + "', expected \"ema\", \"fixed\" or \"dataset\"");
            };
        }
    }

    /** Mean |r| below this is no information (an all-zero iteration, or demonstrations without reward). */
    static final double EPS = 1e-8;

    private final boolean enabled;
    private final Mode mode;
    private final double rate;
    private double scale;

    /** The spec's EMA mode (or no scaling when {@code enabled} is false). */
    public RewardScaler(boolean enabled, double rate) {
        this(enabled, Mode.EMA, rate, Double.NaN);
    }

    /**
     * @param rate  the EMA rate (mode EMA)
     * @param fixed the divisor of mode FIXED (ignored otherwise)
     */
    public RewardScaler(boolean enabled, Mode mode, double rate, double fixed) {
        this.enabled = enabled;
        this.mode = mode;
        this.rate = rate;
        this.scale = mode == Mode.FIXED ? fixed : Double.NaN;
    }

    public Mode mode() { return mode; }

    /** Folds one iteration's mean |r| into the EMA (mode EMA only; the constant modes ignore it). */
    public void update(double meanAbsReward) {
        if (!enabled || mode != Mode.EMA || !Double.isFinite(meanAbsReward) || meanAbsReward < EPS) return;
        scale = Double.isNaN(scale) ? meanAbsReward : (1 - rate) * scale + rate * meanAbsReward;
    }

    /** Folds the mean |r| over every transition of one iteration's fresh trajectories into the EMA. */
    public void observe(List<Trajectory> fresh) {
        if (!enabled || mode != Mode.EMA) return;
        double sum = 0;
        long count = 0;
        for (Trajectory t : fresh) {
            for (float r : t.rewards()) sum += Math.abs(r);
            count += t.length();
        }
        if (count > 0) update(sum / count);
    }

    /**
     * Mode DATASET: sets the constant divisor from the demonstrations' mean |chunk reward| (see
     * {@link #meanAbsChunkReward}); called once before training.
     *
     * @throws IllegalArgumentException when the value is not a finite number of at least 1e-8 (demonstrations
     *                                  without rewards give no scale)
     */
    public void calibrate(double demoMeanAbsChunkReward) {
        if (mode != Mode.DATASET) throw new IllegalStateException("calibrate() is for rewardScale = dataset, not " + mode);
        if (!(demoMeanAbsChunkReward >= EPS) || !Double.isFinite(demoMeanAbsChunkReward)) {
            throw new IllegalArgumentException("the demonstrations' mean |chunk reward| is " + demoMeanAbsChunkReward
                    + ", expected a finite number >= 1e-8");
        }
        scale = demoMeanAbsChunkReward;
    }

    /** Mode DATASET: whether {@link #calibrate} (or a checkpoint's {@link #restore}) has set the divisor. */
    public boolean calibrated() { return !Double.isNaN(scale); }

    /** The divisor currently applied (1 when disabled, before the first EMA update or below 1e-8). */
    public double divisor() {
        return !enabled || Double.isNaN(scale) || scale < EPS ? 1.0 : scale;
    }

    /** What a checkpoint saves: the scale (NaN before the first EMA update or the calibration). */
    public double state() { return scale; }

    public void restore(double state) { scale = state; }

    /**
     * The mean absolute chunk reward of recorded episodes, the statistic the EMA tracks: each episode cut into
     * chunks of {@code horizon} steps from its start as the rollouts execute them (the last one shorter), each
     * chunk's rewards summed, and {@code |sum|} averaged over all chunks.
     *
     * @param rewards [N] per-step rewards, episodes back to back
     * @param lengths steps of each episode, summing to N
     */
    public static double meanAbsChunkReward(double[] rewards, int[] lengths, int horizon) {
        if (horizon < 1) throw new IllegalArgumentException("horizon is " + horizon + ", expected >= 1");
        double total = 0;
        long chunks = 0;
        int start = 0;
        for (int len : lengths) {
            for (int c = 0; c < len; c += horizon) {
                double sum = 0;
                for (int t = c; t < Math.min(len, c + horizon); t++) sum += rewards[start + t];
                total += Math.abs(sum);
                chunks++;
            }
            start += len;
        }
        if (start != rewards.length) {
            throw new IllegalArgumentException("episode lengths sum to " + start + " but there are " + rewards.length + " rewards");
        }
        return chunks == 0 ? Double.NaN : total / chunks;
    }
}
