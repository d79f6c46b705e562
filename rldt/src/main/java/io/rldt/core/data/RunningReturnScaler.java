package io.rldt.core.data;

/**
 * DPPO's running reward scaler (baselines spec §2.3, §6.6): each env keeps a discounted return
 * {@code G ← γ·G + r} (reset at an episode end); the running variance of every G seen so far (the parallel
 * Welford update over each step's E values) gives the divisor, and scaled rewards are clipped to ±clip:
 * <pre>
 *   r̃ = clip(r / sqrt(var(G) + 1e-8), −clip, clip)
 * </pre>
 * The state (per-env G, count, mean, variance) is carried across iterations and saved in checkpoints.
 */
public final class RunningReturnScaler {
    private final double gamma, clip;
    private final double[] discounted;
    private double count = 1e-4, mean, var = 1.0; // as gym's RunningMeanStd

    public RunningReturnScaler(int envs, double gamma, double clip) {
        this.gamma = gamma;
        this.clip = clip;
        this.discounted = new double[envs];
    }

    /**
     * Scales one step's rewards of all envs in place, after folding them into the running statistics.
     *
     * @param rewards [E] chunk rewards of this step (overwritten with the scaled ones)
     * @param done    [E] the episode ended at this step (G restarts after it)
     */
    public void scaleStep(float[] rewards, boolean[] done) {
        int envs = discounted.length;
        double batchMean = 0, batchVar = 0;
        for (int e = 0; e < envs; e++) {
            discounted[e] = gamma * discounted[e] + rewards[e];
            batchMean += discounted[e] / envs;
        }
        for (int e = 0; e < envs; e++) batchVar += (discounted[e] - batchMean) * (discounted[e] - batchMean) / envs;
        double delta = batchMean - mean, total = count + envs;
        mean += delta * envs / total;
        var = (var * count + batchVar * envs + delta * delta * count * envs / total) / total;
        count = total;
        double std = Math.sqrt(var + 1e-8);
        for (int e = 0; e < envs; e++) {
            rewards[e] = (float) Math.max(-clip, Math.min(clip, rewards[e] / std));
            if (done[e]) discounted[e] = 0;
        }
    }

    /** The current divisor sqrt(var + 1e-8). */
    public double std() { return Math.sqrt(var + 1e-8); }

    /** [count, mean, var, G_0 .. G_{E−1}] for checkpoints. */
    public double[] state() {
        double[] s = new double[3 + discounted.length];
        s[0] = count;
        s[1] = mean;
        s[2] = var;
        System.arraycopy(discounted, 0, s, 3, discounted.length);
        return s;
    }

    public void restore(double[] s) {
        if (s.length != 3 + discounted.length) {
            throw new IllegalArgumentException("RunningReturnScaler: state has " + s.length + " entries, expected " + (3 + discounted.length));
        }
        count = s[0];
        mean = s[1];
        var = s[2];
        System.arraycopy(s, 3, discounted, 0, discounted.length);
    }
}
