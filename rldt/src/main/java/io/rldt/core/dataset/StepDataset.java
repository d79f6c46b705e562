package io.rldt.core.dataset;

import io.rldt.core.data.Demonstrations;
import io.rldt.core.data.NormalizationStats;
import io.rldt.engine.Tensor;
import java.nio.file.Path;

/**
 * A dataset of env steps in raw units, as the files hold it: one observation and one action per step,
 * trajectories back to back. Every format ({@link Datasets}) reads into this, and {@link #toDemonstrations}
 * turns it into what pretraining consumes.
 *
 * @param source       the file it came from (labels errors and logs)
 * @param observations [N][O]
 * @param actions      [N][A]
 * @param lengths      steps of each trajectory, summing to N
 * @param rewards      [N], or null when the file has none
 * @param terminals    [N] true at a step that ended its episode by termination (not truncation), or null
 * @param stats        min-max statistics shipped with the file (DPPO's {@code normalization.npz}), or null
 */
public record StepDataset(Path source, double[][] observations, double[][] actions, int[] lengths, double[] rewards,
                          boolean[] terminals, NormalizationStats stats) {

    public int size() { return observations.length; }

    public int obsDim() { return observations.length == 0 ? 0 : observations[0].length; }

    public int actionDim() { return actions.length == 0 ? 0 : actions[0].length; }

    /** Episodes (trajectories). */
    public int trajectories() { return lengths.length; }

    /**
     * Observation / action-chunk pairs with DPPO's layout: for each step t the chunk {@code a_t .. a_{t+H−1}}
     * flattened action-major, padded at a trajectory's end by repeating its last action. With {@code normalize}
     * observations and actions are mapped to [-1, 1] with the file's statistics, or with statistics fitted to
     * the data when the file has none; otherwise raw units and identity statistics.
     */
    public Demonstrations toDemonstrations(int horizon, boolean normalize) {
        if (horizon < 1) throw new IllegalArgumentException("horizon is " + horizon + ", expected >= 1");
        int n = size(), o = obsDim(), a = actionDim(), d = horizon * a;
        if (n == 0) throw new DatasetException(source, null, "holds no steps");
        NormalizationStats s = !normalize ? NormalizationStats.identity(o, a)
                : stats != null ? stats : NormalizationStats.fit(observations, actions);
        float[] obs = new float[n * o], chunks = new float[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < o; j++) obs[i * o + j] = (float) s.normalizeObs(j, observations[i][j]);
        int start = 0;
        for (int len : lengths) {
            int last = start + len - 1;
            for (int t = start; t <= last; t++) {
                for (int h = 0; h < horizon; h++) {
                    double[] act = actions[Math.min(t + h, last)];
                    for (int k = 0; k < a; k++) chunks[t * d + h * a + k] = (float) s.normalizeAction(k, act[k]);
                }
            }
            start += len;
        }
        return new Demonstrations(Tensor.wrap(obs, n, o), Tensor.wrap(chunks, n, d), horizon, s);
    }

    /** One line for logs. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s: %d steps in %d trajectories, obs %d, action %d%s", source,
                size(), trajectories(), obsDim(), actionDim(), stats != null ? ", with normalisation statistics" : "");
    }
}
