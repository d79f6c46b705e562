package io.rldt.core.data;

/**
 * TD(λ) targets over one whole trajectory (spec §4):
 * <pre>
 *   y_t = r_t + γ·(1 − d_t)·[(1 − λ)·Q̄(s_{t+1}) + λ·y_{t+1}],   y_{L} := Q̄(s_L)
 * </pre>
 * where {@code d_t} is 1 only for a terminal last transition, {@code r_t} is the (scaled) chunk reward and
 * {@code Q̄} has already been clipped to [q_min, q_max] by the caller. Computed backwards in double.
 */
public final class TdTargets {
    private TdTargets() {}

    /**
     * @param rewards      [L] scaled chunk rewards
     * @param nextValues   [L] Q̄(s_{t+1}) for t = 0..L−1
     * @param terminal     whether the last transition is terminal
     * @param gamma        discount per chunk step
     * @param lambda       TD(λ) mixing
     * @param out          [L] written with y_t (may be a slice of a bigger array at {@code outOffset})
     */
    public static void compute(float[] rewards, float[] nextValues, boolean terminal, double gamma, double lambda,
                               float[] out, int outOffset) {
        int len = rewards.length;
        if (nextValues.length != len) {
            throw new IllegalArgumentException("TdTargets: nextValues has " + nextValues.length + " entries, expected " + len);
        }
        compute(rewards, nextValues, 0, len, terminal, gamma, lambda, out, outOffset);
    }

    /**
     * The same for one trajectory stored at {@code [offset, offset + len)} of arrays that hold many (a round's
     * batch): rewards and next values are read, and targets written, at that offset plus {@code outOffset − offset}
     * shift, without copying the trajectory out.
     */
    public static void compute(float[] rewards, float[] nextValues, int offset, int len, boolean terminal, double gamma,
                               double lambda, float[] out, int outOffset) {
        if (len < 1 || offset < 0 || offset + len > rewards.length || offset + len > nextValues.length
                || outOffset < 0 || outOffset + len > out.length) {
            throw new IllegalArgumentException("TdTargets: trajectory [" + offset + ", " + (offset + len) + ") → out at "
                    + outOffset + " does not fit arrays of " + rewards.length + ", " + nextValues.length + ", " + out.length);
        }
        // For the last step y_{t+1} is not defined; using Q̄(s_L) there makes the λ-mix collapse to Q̄.
        double next = nextValues[offset + len - 1];
        for (int t = len - 1; t >= 0; t--) {
            double notDone = (t == len - 1 && terminal) ? 0.0 : 1.0;
            double y = rewards[offset + t] + gamma * notDone * ((1 - lambda) * nextValues[offset + t] + lambda * next);
            out[outOffset + t] = (float) y;
            next = y;
        }
    }
}
