package io.rldt.core.demo;

import io.rldt.core.data.Demonstrations;
import io.rldt.core.data.NormalizationStats;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.StepResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Demonstration datasets rolled out by a {@link ScriptedController} (for tasks without a published dataset,
 * such as Pendulum-v1), in the layout of DPPO's pretraining data (rldt-spec.md §1).
 *
 * <p>For every env step t of every episode the dataset holds the observation {@code s_t} and the chunk of the
 * next H executed actions {@code a_t .. a_{t+H−1}}, flattened to {@code [H·A]} (action-major inside each step).
 * Near the end of an episode the chunk is padded by repeating the episode's last action, as DPPO does.
 * So N = the total number of env steps.
 *
 * <p>With {@code normalize}, {@link NormalizationStats#fit} is applied to all observations and all single
 * actions and both are mapped to [-1, 1] (every action inside a chunk with the single-action statistics);
 * otherwise the data stay in raw units with {@link NormalizationStats#identity}.
 *
 * <p>Determinism: one {@link Rng} from {@code seed} is split into a reset-seed stream (one {@code long} per
 * episode, passed to {@link Env#reset(long)}) and the controller's stream, so a seed fixes the dataset exactly.
 * Episodes end when the env reports {@code terminated || truncated}; the env must therefore end episodes by
 * itself (the registry's {@code TimeLimit} does for every built-in task).
 */
public final class ScriptedDemonstrations {
    private ScriptedDemonstrations() {}

    /**
     * A collected dataset and the returns of the episodes that produced it.
     *
     * @param data           the dataset
     * @param episodeReturns undiscounted return of each episode, in collection order
     * @param episodeLengths env steps of each episode
     * @param rewards        [N] the reward of every env step, episodes back to back (what
     *                       {@code critic.rewardScale = "dataset"} measures)
     */
    public record Collected(Demonstrations data, double[] episodeReturns, int[] episodeLengths, double[] rewards) {
        public double meanReturn() {
            double s = 0;
            for (double r : episodeReturns) s += r;
            return s / episodeReturns.length;
        }

        /** Population standard deviation of the episode returns. */
        public double stdReturn() {
            double m = meanReturn();
            double s = 0;
            for (double r : episodeReturns) s += (r - m) * (r - m);
            return Math.sqrt(s / episodeReturns.length);
        }

        /** One line for logs: size, shapes and the return statistics. */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "%d episodes, N=%d, O=%d, D=%d (H=%d), return %.1f ± %.1f",
                    episodeReturns.length, data.size(), data.obsDim(), data.chunkDim(), data.horizon(),
                    meanReturn(), stdReturn());
        }
    }

    /**
     * Rolls out {@code episodes} episodes of {@code envId} (made with {@link EnvRegistry#make}) under
     * {@code controller} and builds horizon-{@code horizon} chunks.
     */
    public static Collected collect(String envId, ScriptedController controller, int episodes, int horizon,
                                    boolean normalize, long seed) {
        if (episodes < 1) throw new IllegalArgumentException("ScriptedDemonstrations: episodes is " + episodes + ", expected ≥ 1");
        if (horizon < 1) throw new IllegalArgumentException("ScriptedDemonstrations: horizon is " + horizon + ", expected ≥ 1");
        Rng root = new Rng(seed);
        Rng resetSeeds = root.split("reset-seeds");
        Rng controllerRng = root.split("controller");

        List<double[]> observations = new ArrayList<>();
        List<double[]> actions = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        int[] lengths = new int[episodes];
        double[] returns = new double[episodes];
        int obsDim;
        int actionDim;
        try (Env env = EnvRegistry.make(envId)) {
            obsDim = env.observationSpace().dim();
            actionDim = env.actionSpace().dim();
            for (int e = 0; e < episodes; e++) {
                double[] obs = env.reset(resetSeeds.nextLong()).observation();
                double ret = 0;
                int steps = 0;
                while (true) {
                    double[] a = controller.act(obs.clone(), controllerRng);
                    if (a.length != actionDim) {
                        throw new IllegalStateException("ScriptedDemonstrations: " + controller.describe() + " returned "
                                + a.length + " action entries, " + envId + " expects " + actionDim);
                    }
                    observations.add(obs.clone());
                    actions.add(a.clone());
                    StepResult r = env.step(a);
                    rewards.add(r.reward());
                    ret += r.reward();
                    steps++;
                    obs = r.observation();
                    if (r.done()) break;
                }
                lengths[e] = steps;
                returns[e] = ret;
            }
        }

        int n = observations.size();
        double[][] obsRows = observations.toArray(new double[0][]);
        double[][] actRows = actions.toArray(new double[0][]);
        NormalizationStats stats = normalize ? NormalizationStats.fit(obsRows, actRows)
                : NormalizationStats.identity(obsDim, actionDim);

        int d = horizon * actionDim;
        float[] obsData = new float[n * obsDim];
        float[] chunkData = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < obsDim; j++) obsData[i * obsDim + j] = (float) stats.normalizeObs(j, obsRows[i][j]);
        }
        int start = 0;
        for (int len : lengths) {
            int last = start + len - 1;
            for (int t = start; t <= last; t++) {
                for (int h = 0; h < horizon; h++) {
                    double[] a = actRows[Math.min(t + h, last)];
                    for (int k = 0; k < actionDim; k++) {
                        chunkData[t * d + h * actionDim + k] = (float) stats.normalizeAction(k, a[k]);
                    }
                }
            }
            start += len;
        }
        Demonstrations data = new Demonstrations(Tensor.wrap(obsData, n, obsDim), Tensor.wrap(chunkData, n, d),
                horizon, stats);
        return new Collected(data, returns, lengths, rewards.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
