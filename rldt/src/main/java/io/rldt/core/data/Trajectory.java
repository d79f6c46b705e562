package io.rldt.core.data;

import io.rldt.engine.Tensor;
import java.util.List;

/**
 * One contiguous run of chunk steps from one env: {@code L} transitions, {@code L + 1} observations.
 * Arrays are flat and row-major; the trajectory owns them (never modified after construction).
 *
 * <p>A trajectory ends because the episode terminated ({@code terminal}: do not bootstrap from the last
 * observation), was truncated by a time limit, or because the iteration's rollout ended (both false):
 * in the last two cases the critic bootstraps from the last observation.
 *
 * @param length       L, transitions
 * @param obsDim       O
 * @param actionDim    D = H·A, the flattened chunk in the policy's (normalised) action space
 * @param observations [L + 1, O]
 * @param actions      [L, D] the chunks that were executed (exploration noise included)
 * @param rewards      [L] the sum of env rewards inside each chunk (unscaled)
 * @param terminal     the last transition ended the episode in a terminal state
 * @param truncated    the last transition hit the time limit
 */
public record Trajectory(int length, int obsDim, int actionDim, float[] observations, float[] actions,
                         float[] rewards, boolean terminal, boolean truncated) {
    public Trajectory {
        if (length < 1) throw new IllegalArgumentException("Trajectory: length is " + length + ", expected >= 1");
        if (observations.length != (length + 1) * obsDim) {
            throw new IllegalArgumentException("Trajectory: observations has " + observations.length
                    + " floats, expected (L+1)·O = " + (length + 1) * obsDim);
        }
        if (actions.length != length * actionDim) {
            throw new IllegalArgumentException("Trajectory: actions has " + actions.length + " floats, expected L·D = "
                    + length * actionDim);
        }
        if (rewards.length != length) {
            throw new IllegalArgumentException("Trajectory: rewards has " + rewards.length + " entries, expected L = " + length);
        }
        if (terminal && truncated) {
            // Gymnasium allows both; for learning, terminal wins (no bootstrap), so store only that.
            truncated = false;
        }
    }

    /**
     * Every state s_t (t < L) of {@code trajectories}, in order → [Σ L, O], gathered on the host, where the
     * trajectories are (one upload on a device backend).
     */
    public static Tensor states(List<Trajectory> trajectories, int obsDim) {
        int rows = 0;
        for (Trajectory t : trajectories) rows += t.length();
        float[] s = new float[rows * obsDim];
        int r = 0;
        for (Trajectory t : trajectories) {
            System.arraycopy(t.observations(), 0, s, r * obsDim, t.length() * obsDim);
            r += t.length();
        }
        return Tensor.of(s, rows, obsDim);
    }

    /** Sum of the (unscaled) rewards. */
    public double totalReward() {
        double s = 0;
        for (float r : rewards) s += r;
        return s;
    }
}
