package io.rldt.core.train;

import io.rldt.core.agent.TrajectoryAgent;
import io.rldt.core.data.Trajectory;
import io.rldt.engine.Backends;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.vector.VectorEnv;
import io.rldt.envs.vector.VectorStep;
import io.rldt.envs.wrappers.ActionChunking;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolls the agent out in a vector env and cuts each env's stream into {@link Trajectory}s: one per episode,
 * plus the unfinished tail when the rollout ends (bootstrapped, like a truncation). Episodes run on across
 * rollouts, as in the authors' Gym setup: the {@link Carry} holds where every env is, so states late in an
 * episode are trained on even when one rollout is shorter than an episode.
 */
public final class Rollouts {
    private Rollouts() {}

    /**
     * @param groups         per env (env order) the trajectories it produced in this rollout, in time order: the
     *                       authors' unit of a "trajectory" (one env's rollout), which rounds sample
     * @param episodeReturns undiscounted returns of the episodes that finished during the rollout
     * @param envSteps       primitive env steps taken (chunks count their executed actions)
     */
    public record Result(List<List<Trajectory>> groups, double[] episodeReturns, long envSteps) {
        /** Every trajectory, env by env. */
        public List<Trajectory> trajectories() {
            List<Trajectory> all = new ArrayList<>();
            groups.forEach(all::addAll);
            return all;
        }
    }

    /**
     * Where each env of a training vector env stands between rollouts: its observation, how many episodes it has
     * started since {@code reset(seed)}, the chunks executed in its current episode and their return so far. That
     * is all a checkpoint needs: {@link VectorEnv#restore} replays the chunks to rebuild the envs exactly.
     */
    public static final class Carry {
        private final long seed;
        private double[][] obs;
        private final long[] episodes;
        private final List<List<double[]>> actions = new ArrayList<>();
        private final double[] running;

        /** A carry whose envs start (on first use) from {@code envs.reset(seed)}. */
        public Carry(long seed, int numEnvs) {
            this.seed = seed;
            this.episodes = new long[numEnvs];
            this.running = new double[numEnvs];
            for (int i = 0; i < numEnvs; i++) actions.add(new ArrayList<>());
        }

        public long seed() { return seed; }

        public long[] episodes() { return episodes.clone(); }

        /** The chunks executed so far in each env's current episode. */
        public List<List<double[]>> currentEpisodeActions() {
            List<List<double[]>> out = new ArrayList<>();
            for (List<double[]> a : actions) out.add(List.copyOf(a));
            return out;
        }

        /**
         * Puts {@code envs} where a saved carry was (after a resume): replays each env's current episode. A carry
         * saved before the first rollout (an evaluation-only first iteration) has started no episode: the envs
         * then start from the seed on first use, as in an uninterrupted run.
         */
        public void restore(VectorEnv envs, long[] savedEpisodes, List<List<double[]>> savedActions) {
            if (java.util.Arrays.stream(savedEpisodes).allMatch(e -> e == 0)) return;
            VectorEnv.Restored r = envs.restore(seed, savedEpisodes, savedActions);
            obs = r.observations();
            for (int i = 0; i < episodes.length; i++) {
                episodes[i] = savedEpisodes[i];
                running[i] = r.returns()[i];
                actions.get(i).clear();
                actions.get(i).addAll(savedActions.get(i));
            }
        }

        private void startIfNeeded(VectorEnv envs) {
            if (obs != null) return;
            obs = envs.reset(seed);
            java.util.Arrays.fill(episodes, 1);
        }

        /** The envs' current observations [E][O], starting them from the seed on first use. */
        double[][] observations(VectorEnv envs) {
            startIfNeeded(envs);
            return obs;
        }

        /**
         * Books env {@code i}'s executed chunk: its reward joins the running return; at an episode's end the
         * episode's return comes back (and the next episode starts), otherwise NaN and the chunk is remembered for
         * a checkpoint's replay.
         */
        double book(int i, double reward, boolean done, double[] chunk) {
            running[i] += reward;
            if (!done) {
                actions.get(i).add(chunk);
                return Double.NaN;
            }
            double finished = running[i];
            running[i] = 0;
            episodes[i]++;
            actions.get(i).clear();
            return finished;
        }

        /** The observations after a vector step. */
        void advance(double[][] next) {
            obs = next;
        }
    }

    /**
     * Takes {@code chunkSteps} chunk steps in every env from where {@code carry} left them (resetting them from
     * its seed the first time).
     *
     * @param explore spec §5 exploration noise; false gives plain stochastic samples
     */
    public static Result collect(VectorEnv envs, TrajectoryAgent agent, int chunkSteps, Carry carry, Rng rng, boolean explore,
                                 java.util.function.IntConsumer onStep) {
        int n = envs.numEnvs(), o = envs.singleObservationSpace().dim(), d = envs.singleActionSpace().dim();
        double[][] obs = carry.observations(envs);
        List<List<float[]>> obsBuf = new ArrayList<>(), actBuf = new ArrayList<>();
        List<List<Float>> rewBuf = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            obsBuf.add(new ArrayList<>());
            actBuf.add(new ArrayList<>());
            rewBuf.add(new ArrayList<>());
        }
        List<Double> returns = new ArrayList<>();
        List<List<Trajectory>> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) groups.add(new ArrayList<>());
        long envSteps = 0;
        float[] obsF = new float[n * o];
        // The policy does not change while it acts: the backend may pack its weights once for the whole rollout.
        try (var fixed = Backends.current().constantWeights()) {
            for (int step = 0; step < chunkSteps; step++) {
                for (int i = 0; i < n; i++) for (int j = 0; j < o; j++) obsF[i * o + j] = (float) obs[i][j];
                Tensor obsT = Tensor.of(obsF, n, o);                          // the rollout's input: one upload
                float[] act = agent.act(obsT, rng, explore, false).toArray(); // [E, D] the chunks to execute: one download
                double[][] actions = new double[n][d];
                for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) actions[i][j] = act[i * d + j];
                VectorStep s = envs.step(actions);
                for (int i = 0; i < n; i++) {
                    obsBuf.get(i).add(java.util.Arrays.copyOfRange(obsF, i * o, (i + 1) * o));
                    actBuf.get(i).add(java.util.Arrays.copyOfRange(act, i * d, (i + 1) * d));
                    rewBuf.get(i).add((float) s.rewards()[i]);
                    Object executed = s.infos().get(i).get(ActionChunking.CHUNK_STEPS);
                    envSteps += executed instanceof Number k ? k.longValue() : 1;
                    double finished = carry.book(i, s.rewards()[i], s.done(i), actions[i]);
                    if (s.done(i)) {
                        groups.get(i).add(build(obsBuf.get(i), actBuf.get(i), rewBuf.get(i), s.nextObservation(i),
                                s.terminated()[i], s.truncated()[i]));
                        returns.add(finished);
                    }
                }
                obs = s.observations();
                onStep.accept(step);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!rewBuf.get(i).isEmpty()) {
                groups.get(i).add(build(obsBuf.get(i), actBuf.get(i), rewBuf.get(i), obs[i], false, false));
            }
        }
        carry.advance(obs);
        return new Result(groups, returns.stream().mapToDouble(Double::doubleValue).toArray(), envSteps);
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
