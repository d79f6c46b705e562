package io.rldt.core.data;

/**
 * Divides rewards by an exponential moving average of the mean absolute reward (spec §4, locomotion):
 * {@code scale ← (1 − rate)·scale + rate·mean|r|}, updated once per iteration. The first update sets the
 * scale directly so early iterations are not divided by an arbitrary initial value.
 */
public final class RewardScaler {
    private final boolean enabled;
    private final double rate;
    private double scale = Double.NaN;

    public RewardScaler(boolean enabled, double rate) {
        this.enabled = enabled;
        this.rate = rate;
    }

    /** Folds one iteration's mean |r| into the EMA. */
    public void update(double meanAbsReward) {
        if (!enabled || !Double.isFinite(meanAbsReward)) return;
        scale = Double.isNaN(scale) ? meanAbsReward : (1 - rate) * scale + rate * meanAbsReward;
    }

    /** Folds the mean |r| over every transition of one iteration's fresh trajectories into the EMA. */
    public void observe(java.util.List<Trajectory> fresh) {
        double sum = 0;
        long count = 0;
        for (Trajectory t : fresh) {
            for (float r : t.rewards()) sum += Math.abs(r);
            count += t.length();
        }
        if (count > 0) update(sum / count);
    }

    /** The divisor currently applied (1 when disabled or before the first update). */
    public double divisor() {
        return !enabled || Double.isNaN(scale) || scale < 1e-8 ? 1.0 : scale;
    }

    public double state() { return scale; }

    public void restore(double state) { scale = state; }
}
