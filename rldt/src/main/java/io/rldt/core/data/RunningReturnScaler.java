package io.rldt.core.data;

/**
 * DPPO's {@code RunningRewardScaler}, which ReinFlow reuses (baselines spec §2.3, §3.3, §6.6), applied once per
 * iteration to the whole rollout of T steps × E envs, in the reference code's order:
 * <pre>
 *   1. G_{t,e} = r_{t,e} + γ·G_{t−1,e}       (G restarts after an episode end; G_{−1,e} carried from the last iteration)
 *   2. fold all T·E values G into the running statistics, once:
 *        n = T·E,  m = mean G,  v = var G  (population, np.var),  δ = m − mean,  N = count + n
 *        mean ← mean + δ·n/N
 *        var  ← (var·count + v·n + δ²·count·n/N) / (N − 1)      (the reference's RunningMeanStd divides by N − 1)
 *        count ← N
 *   3. r̃_{t,e} = clip( r_{t,e} / sqrt(var + 1e-8), −clip, clip )   for every step of the iteration
 * </pre>
 * so the first iteration is scaled by its own returns' spread, not by statistics that grow step by step. The
 * statistics start at count 1e-4, mean 0, var 1. The state (count, mean, var and the per-env G) is carried across
 * iterations and saved in checkpoints.
 */
public final class RunningReturnScaler {
    private static final double EPSILON = 1e-8;
    private final double gamma, clip;
    private final double[] discounted; // G_e [E] after the last step folded in, 0 where that step ended the episode
    private double count = 1e-4, mean, var = 1.0;

    public RunningReturnScaler(int envs, double gamma, double clip) {
        this.gamma = gamma;
        this.clip = clip;
        this.discounted = new double[envs];
    }

    /**
     * Scales one iteration's rewards in place, after folding the iteration's discounted returns into the running
     * statistics.
     *
     * @param rewards [T·E] chunk rewards, row {@code t·E + e} (overwritten with the scaled ones)
     * @param done    [T·E] the episode ended at that step (terminated or truncated): G restarts after it
     * @param steps   T
     */
    public void scaleIteration(float[] rewards, boolean[] done, int steps) {
        int envs = discounted.length, n = steps * envs;
        if (rewards.length != n || done.length != n) {
            throw new IllegalArgumentException("RunningReturnScaler: " + rewards.length + " rewards and " + done.length
                    + " done flags for " + steps + " steps × " + envs + " envs");
        }
        // 1. G per (t, e), and their mean.
        double[] returns = new double[n];
        double batchMean = 0;
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < envs; e++) {
                int row = t * envs + e;
                returns[row] = discounted[e] = gamma * discounted[e] + rewards[row];
                if (done[row]) discounted[e] = 0;
                batchMean += returns[row];
            }
        }
        batchMean /= n;
        double batchVar = 0;
        for (double g : returns) batchVar += (g - batchMean) * (g - batchMean);
        batchVar /= n;
        // 2. One update of the running statistics.
        double delta = batchMean - mean, total = count + n;
        mean += delta * n / total;
        var = (var * count + batchVar * n + delta * delta * count * n / total) / (total - 1);
        count = total;
        // 3. Every reward of the iteration divided by the updated std.
        double std = std();
        for (int i = 0; i < n; i++) rewards[i] = (float) Math.max(-clip, Math.min(clip, rewards[i] / std));
    }

    /** The current divisor sqrt(var + 1e-8). */
    public double std() { return Math.sqrt(var + EPSILON); }

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
