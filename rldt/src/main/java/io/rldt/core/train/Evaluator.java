package io.rldt.core.train;

import io.rldt.core.agent.TrajectoryAgent;
import io.rldt.engine.Backends;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.StepResult;
import io.rldt.envs.vector.VectorEnv;
import io.rldt.envs.vector.VectorStep;
import io.rldt.envs.wrappers.ActionChunking;

/**
 * Evaluation: one episode in each of {@code episodes} envs, actions from the policy without exploration
 * (deterministic {@code x_0 = 0} when the config says so). Evaluation steps never count toward the budget.
 */
public final class Evaluator {
    private Evaluator() {}

    /**
     * Mean, standard deviation, min and max of the episode returns, every return, every episode's length in
     * env steps (a chunk counts the actions it executed) and, for tasks that define success (their steps' infos
     * carry {@link StepResult#IS_SUCCESS}), whether each episode succeeded: its last step says so.
     *
     * @param successes      [episodes] the last step's success flag (false where that step has none)
     * @param reportsSuccess some episode's last step carried the flag: the task defines success (an episode whose
     *                       last step lacks it counts as no success)
     */
    public record Result(double mean, double std, double min, double max, double[] returns, long[] lengths,
                         boolean[] successes, boolean reportsSuccess) {
        /** A result of a task without success. */
        public Result(double mean, double std, double min, double max, double[] returns, long[] lengths) {
            this(mean, std, min, max, returns, lengths, new boolean[returns.length], false);
        }

        public double meanLength() {
            double s = 0;
            for (long l : lengths) s += (double) l / lengths.length;
            return s;
        }

        /** Episodes that succeeded (0 when the task defines no success). */
        public int successCount() {
            int k = 0;
            for (boolean b : successes) if (b) k++;
            return k;
        }

        /** The share of episodes that succeeded; NaN when the task defines no success. */
        public double successRate() {
            return reportsSuccess ? (double) successCount() / successes.length : Double.NaN;
        }
    }

    /** Any policy: a batch of observations [N, O] → actions [N, D]. */
    @FunctionalInterface
    public interface Policy {
        Tensor act(Tensor obs, Rng rng);
    }

    public static Result run(VectorEnv envs, TrajectoryAgent agent, long resetSeed, Rng rng, boolean deterministic) {
        return run(envs, (obs, r) -> agent.act(obs, r, false, deterministic), resetSeed, rng);
    }

    /** One episode per env of {@code envs}, reset from {@code resetSeed}. */
    public static Result run(VectorEnv envs, Policy policy, long resetSeed, Rng rng) {
        int n = envs.numEnvs(), o = envs.singleObservationSpace().dim(), d = envs.singleActionSpace().dim();
        double[][] obs = envs.reset(resetSeed);
        double[] returns = new double[n];
        long[] lengths = new long[n];
        boolean[] finished = new boolean[n];
        boolean[] successes = new boolean[n];
        boolean reportsSuccess = false;
        int remaining = n;
        float[] obsF = new float[n * o];
        // The policy does not change while it is evaluated: the backend may pack its weights once for all episodes.
        try (var fixed = Backends.current().constantWeights()) {
            while (remaining > 0) {
                for (int i = 0; i < n; i++) for (int j = 0; j < o; j++) obsF[i * o + j] = (float) obs[i][j];
                float[] act = policy.act(Tensor.of(obsF, n, o), rng).toArray(); // observations in, actions out: once each
                double[][] actions = new double[n][d];
                for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) actions[i][j] = act[i * d + j];
                VectorStep s = envs.step(actions);
                for (int i = 0; i < n; i++) {
                    if (finished[i]) continue;
                    returns[i] += s.rewards()[i];
                    Object executed = s.infos().get(i).get(ActionChunking.CHUNK_STEPS);
                    lengths[i] += executed instanceof Number k ? k.longValue() : 1;
                    if (s.done(i)) {
                        finished[i] = true;
                        remaining--;
                        Boolean success = StepResult.success(s.infos().get(i));
                        successes[i] = Boolean.TRUE.equals(success);
                        reportsSuccess |= success != null;
                    }
                }
                obs = s.observations();
            }
        }
        double mean = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double r : returns) {
            mean += r / n;
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        double var = 0;
        for (double r : returns) var += (r - mean) * (r - mean) / n;
        return new Result(mean, Math.sqrt(var), min, max, returns, lengths, successes, reportsSuccess);
    }
}
