package io.rldt.core.train;

import io.rldt.core.agent.OnPolicyAgent;
import io.rldt.engine.Backends;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.vector.VectorEnv;
import io.rldt.envs.vector.VectorStep;
import io.rldt.envs.wrappers.ActionChunking;
import java.util.ArrayList;
import java.util.List;

/**
 * On-policy rollouts of E envs × T chunk steps with a record per step (baselines spec §6.3), laid out [T, E]
 * (row {@code t·E + e}). Episodes run on across iterations as in {@link Rollouts}: the {@link Rollouts.Carry} holds
 * where every env stands, and a checkpoint needs only the episodes started and the chunks of each current episode
 * ({@link VectorEnv#restore} replays them).
 */
public final class OnPolicyRollouts {
    private OnPolicyRollouts() {}

    /**
     * One rollout, every array [T·E, ·] in row order {@code t·E + e}.
     *
     * @param nextObservations s'_t: the true final observation where the episode ended, else the next state
     * @param episodeReturns   undiscounted returns of the episodes that finished during the rollout
     * @param envSteps         primitive env steps (a chunk counts its executed actions)
     */
    public record Result(int steps, int envs, float[] observations, float[] actions, float[] records, float[] rewards,
                         boolean[] terminated, boolean[] truncated, float[] nextObservations, double[] episodeReturns,
                         long envSteps) {}

    /** Takes {@code chunkSteps} chunk steps in every env from where {@code carry} left them. */
    public static Result collect(VectorEnv envs, OnPolicyAgent agent, int chunkSteps, Rollouts.Carry carry, Rng rng,
                                 java.util.function.IntConsumer onStep) {
        int n = envs.numEnvs(), o = envs.singleObservationSpace().dim(), d = envs.singleActionSpace().dim();
        int x = agent.recordWidth(), rows = chunkSteps * n;
        double[][] obs = carry.observations(envs);
        float[] obsOut = new float[rows * o], actOut = new float[rows * d], recOut = new float[(long) rows * x > Integer.MAX_VALUE
                ? tooLarge(rows, x) : rows * x], rewards = new float[rows], nextObs = new float[rows * o];
        boolean[] terminated = new boolean[rows], truncated = new boolean[rows];
        List<Double> returns = new ArrayList<>();
        long envSteps = 0;
        Tensor obsT = Tensor.zeros(n, o);
        // The policy does not change while it acts: the backend may pack its weights once for the whole rollout.
        try (var fixed = Backends.current().constantWeights()) {
            for (int step = 0; step < chunkSteps; step++) {
                for (int i = 0; i < n; i++) for (int j = 0; j < o; j++) obsT.data()[i * o + j] = (float) obs[i][j];
                OnPolicyAgent.Acting acting = agent.act(obsT, rng);
                float[] act = acting.actions().data();
                double[][] actions = new double[n][d];
                for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) actions[i][j] = act[i * d + j];
                VectorStep s = envs.step(actions);
                int base = step * n;
                System.arraycopy(obsT.data(), 0, obsOut, base * o, n * o);
                System.arraycopy(act, 0, actOut, base * d, n * d);
                System.arraycopy(acting.records().data(), 0, recOut, base * x, n * x);
                for (int i = 0; i < n; i++) {
                    rewards[base + i] = (float) s.rewards()[i];
                    terminated[base + i] = s.terminated()[i];
                    truncated[base + i] = s.truncated()[i];
                    double[] next = s.nextObservation(i);
                    for (int j = 0; j < o; j++) nextObs[(base + i) * o + j] = (float) next[j];
                    Object executed = s.infos().get(i).get(ActionChunking.CHUNK_STEPS);
                    envSteps += executed instanceof Number k ? k.longValue() : 1;
                    double finished = carry.book(i, s.rewards()[i], s.done(i), actions[i]);
                    if (s.done(i)) returns.add(finished);
                }
                obs = s.observations();
                carry.advance(obs);
                onStep.accept(step);
            }
        }
        return new Result(chunkSteps, n, obsOut, actOut, recOut, rewards, terminated, truncated, nextObs,
                returns.stream().mapToDouble(Double::doubleValue).toArray(), envSteps);
    }

    private static int tooLarge(int rows, int width) {
        throw new IllegalArgumentException("OnPolicyRollouts: " + rows + " rows × record width " + width
                + " exceed one array; use fewer envs or chunk steps");
    }
}
