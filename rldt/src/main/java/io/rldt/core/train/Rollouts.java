package io.rldt.core.train;

import io.rldt.core.agent.RldtAgent;
import io.rldt.core.data.Trajectory;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.vector.VectorEnv;
import io.rldt.envs.vector.VectorStep;
import io.rldt.envs.wrappers.ActionChunking;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolls the agent out in a vector env and cuts the stream into {@link Trajectory}s: one per episode, plus the
 * unfinished tail of each env when the rollout ends (bootstrapped, like a truncation).
 */
public final class Rollouts {
    private Rollouts() {}

    /**
     * @param trajectories  in env order, then time order (deterministic)
     * @param episodeReturns undiscounted returns of the episodes that finished during the rollout
     * @param envSteps      primitive env steps taken (chunks count their executed actions)
     */
    public record Result(List<Trajectory> trajectories, double[] episodeReturns, long envSteps) {}

    /**
     * Resets every env with seeds split from {@code resetSeed}, then takes {@code chunkSteps} chunk steps.
     *
     * @param explore spec §5 exploration noise; false gives plain stochastic samples
     */
    public static Result collect(VectorEnv envs, RldtAgent agent, int chunkSteps, long resetSeed, Rng rng,
                                 boolean explore) {
        return collect(envs, agent, chunkSteps, resetSeed, rng, explore, step -> {});
    }

    /** As above, calling {@code onStep} with the step index after every chunk step (progress display). */
    public static Result collect(VectorEnv envs, RldtAgent agent, int chunkSteps, long resetSeed, Rng rng,
                                 boolean explore, java.util.function.IntConsumer onStep) {
        int n = envs.numEnvs(), o = envs.singleObservationSpace().dim(), d = envs.singleActionSpace().dim();
        double[][] obs = envs.reset(resetSeed);
        List<List<float[]>> obsBuf = new ArrayList<>(), actBuf = new ArrayList<>();
        List<List<Float>> rewBuf = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            obsBuf.add(new ArrayList<>());
            actBuf.add(new ArrayList<>());
            rewBuf.add(new ArrayList<>());
        }
        double[] running = new double[n];
        List<Double> returns = new ArrayList<>();
        List<List<Trajectory>> perEnv = new ArrayList<>();
        for (int i = 0; i < n; i++) perEnv.add(new ArrayList<>());
        long envSteps = 0;
        Tensor obsT = Tensor.zeros(n, o);
        for (int step = 0; step < chunkSteps; step++) {
            for (int i = 0; i < n; i++) for (int j = 0; j < o; j++) obsT.data()[i * o + j] = (float) obs[i][j];
            Tensor act = agent.act(obsT, rng, explore, false);          // [E, D]
            double[][] actions = new double[n][d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) actions[i][j] = act.data()[i * d + j];
            VectorStep s = envs.step(actions);
            for (int i = 0; i < n; i++) {
                obsBuf.get(i).add(java.util.Arrays.copyOfRange(obsT.data(), i * o, (i + 1) * o));
                actBuf.get(i).add(java.util.Arrays.copyOfRange(act.data(), i * d, (i + 1) * d));
                rewBuf.get(i).add((float) s.rewards()[i]);
                running[i] += s.rewards()[i];
                Object executed = s.infos().get(i).get(ActionChunking.CHUNK_STEPS);
                envSteps += executed instanceof Number k ? k.longValue() : 1;
                if (s.done(i)) {
                    perEnv.get(i).add(build(obsBuf.get(i), actBuf.get(i), rewBuf.get(i), s.nextObservation(i),
                            s.terminated()[i], s.truncated()[i]));
                    returns.add(running[i]);
                    running[i] = 0;
                }
            }
            obs = s.observations();
            onStep.accept(step);
        }
        for (int i = 0; i < n; i++) {
            if (!rewBuf.get(i).isEmpty()) {
                perEnv.get(i).add(build(obsBuf.get(i), actBuf.get(i), rewBuf.get(i), obs[i], false, false));
            }
        }
        List<Trajectory> all = new ArrayList<>();
        perEnv.forEach(all::addAll);
        return new Result(all, returns.stream().mapToDouble(Double::doubleValue).toArray(), envSteps);
    }

    /** Builds a trajectory from the buffers of one env and clears them. */
    private static Trajectory build(List<float[]> obs, List<float[]> act, List<Float> rew, double[] last,
                                    boolean terminal, boolean truncated) {
        int len = rew.size(), o = obs.getFirst().length, d = act.getFirst().length;
        float[] os = new float[(len + 1) * o], as = new float[len * d], rs = new float[len];
        for (int t = 0; t < len; t++) {
            System.arraycopy(obs.get(t), 0, os, t * o, o);
            System.arraycopy(act.get(t), 0, as, t * d, d);
            rs[t] = rew.get(t);
        }
        for (int j = 0; j < o; j++) os[len * o + j] = (float) last[j];
        obs.clear();
        act.clear();
        rew.clear();
        return new Trajectory(len, o, d, os, as, rs, terminal, truncated);
    }
}
