package io.rldt.core.train;

import io.rldt.autodiff.io.Checkpoint;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.agent.TrajectoryAgent;
import io.rldt.core.data.Trajectory;
import io.rldt.core.data.TrajectoryBuffer;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs to continue exactly where it stopped, in one safetensors file written
 * atomically: policy, reference, critic and targets, both optimisers, the trajectory buffer (packed per
 * iteration, with its env-rollout groups), the reward scale, the loop counters and where the training envs
 * stand (episodes started per env and the chunks of the current episode, which {@link Rollouts.Carry#restore}
 * replays). Random streams need no state: {@link Seeds} derives them from the seed and the iteration.
 */
public final class AgentCheckpoint {
    private AgentCheckpoint() {}

    /** Counters saved beside the tensors. */
    public record LoopState(int iteration, long envSteps) {}

    /** Where the training envs stand: episodes started per env and the chunks of each current episode. */
    public record EnvState(long[] episodes, List<List<double[]>> currentEpisodeActions) {}

    public static void save(Path file, TrajectoryAgent agent, TrajectoryBuffer buffer, LoopState loop, Rollouts.Carry carry,
                            Map<String, String> extraMetadata) throws IOException {
        Map<String, Tensor> t = liveTensors(agent);
        Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
        meta.put("loop.iteration", Integer.toString(loop.iteration()));
        meta.put("loop.env_steps", Long.toString(loop.envSteps()));
        meta.put("reward_scale", Double.toString(agent.rewardScaler().state()));
        meta.put(Checkpoint.stepKey("actor.", agent.actorOptimizer()), Long.toString(agent.actorOptimizer().stepCount()));
        meta.put(Checkpoint.stepKey("critic.", agent.critic().optimizer()), Long.toString(agent.critic().optimizer().stepCount()));
        List<List<List<Trajectory>>> its = buffer.iterations();
        meta.put("buffer.iterations", Integer.toString(its.size()));
        for (int i = 0; i < its.size(); i++) packIteration(t, meta, "buffer." + i + ".", its.get(i));
        packCarry(t, meta, carry);
        FiniteMetrics.requireFiniteTensors("iteration " + loop.iteration(), t);
        Safetensors.write(file, t, meta);
    }

    /**
     * Writes where a training vector env stands (a {@link Rollouts.Carry}) into a checkpoint's tensors and metadata:
     * {@code carry.episodes} and {@code carry.action_counts} per env, and each current episode's chunks as
     * {@code carry.actions.<env>} [L, D]. Shared by every trainer whose episodes run across iterations.
     */
    public static void packCarry(Map<String, Tensor> t, Map<String, String> meta, Rollouts.Carry carry) {
        long[] episodes = carry.episodes();
        List<List<double[]>> actions = carry.currentEpisodeActions();
        StringBuilder eps = new StringBuilder(), counts = new StringBuilder();
        for (int i = 0; i < episodes.length; i++) {
            eps.append(i == 0 ? "" : ",").append(episodes[i]);
            counts.append(i == 0 ? "" : ",").append(actions.get(i).size());
            List<double[]> a = actions.get(i);
            if (a.isEmpty()) continue;
            int d = a.getFirst().length;
            float[] flat = new float[a.size() * d];
            for (int r = 0; r < a.size(); r++) for (int j = 0; j < d; j++) flat[r * d + j] = (float) a.get(r)[j];
            t.put("carry.actions." + i, Tensor.wrap(flat, a.size(), d));
        }
        meta.put("carry.episodes", eps.toString());
        meta.put("carry.action_counts", counts.toString());
    }

    /** The env state a checkpoint holds (for {@link Rollouts.Carry#restore}). */
    public static EnvState envState(Path file) throws IOException {
        return envState(file, Safetensors.read(file), -1);
    }

    /**
     * The env state in already-read checkpoint contents, checked (finite, one entry per env, rows as counted).
     *
     * @param envs the expected number of envs, or −1 for any
     */
    public static EnvState envState(Path file, Safetensors.Contents c, int envs) {
        Metadata.requireFinite(file, c.tensors(), "carry.");
        long[] episodes = Metadata.longs(file, c.metadata(), "carry.episodes");
        long[] counts = Metadata.longs(file, c.metadata(), "carry.action_counts");
        if (counts.length != episodes.length || (envs >= 0 && episodes.length != envs)) {
            throw new io.rldt.autodiff.io.CheckpointException(file, null, "metadata 'carry.action_counts' has " + counts.length
                    + " entries and 'carry.episodes' " + episodes.length + (envs >= 0 ? ", expected " + envs + " envs" : ""));
        }
        List<List<double[]>> actions = new ArrayList<>();
        for (int i = 0; i < episodes.length; i++) {
            List<double[]> a = new ArrayList<>();
            if (counts[i] > 0) {
                Tensor x = tensor(file, c, "carry.actions." + i);
                if (x.rank() != 2 || x.dim(0) != counts[i]) {
                    throw new io.rldt.autodiff.io.CheckpointException(file, "carry.actions." + i, "expected " + counts[i] + " rows");
                }
                int d = x.dim(1);
                for (int r = 0; r < counts[i]; r++) {
                    double[] row = new double[d];
                    for (int j = 0; j < d; j++) row[j] = x.data()[r * d + j];
                    a.add(row);
                }
            }
            actions.add(a);
        }
        return new EnvState(episodes, actions);
    }

    /** Restores {@code agent} and {@code buffer} in place; returns the loop counters. */
    public static LoopState load(Path file, TrajectoryAgent agent, TrajectoryBuffer buffer) throws IOException {
        Map<String, String> meta = Checkpoint.load(file, liveTensors(agent));
        agent.actorOptimizer().setStepCount(Metadata.longValue(file, meta, Checkpoint.stepKey("actor.", agent.actorOptimizer())));
        agent.critic().optimizer().setStepCount(Metadata.longValue(file, meta, Checkpoint.stepKey("critic.", agent.critic().optimizer())));
        agent.rewardScaler().restore(Metadata.doubleValue(file, meta, "reward_scale"));
        Safetensors.Contents c = Safetensors.read(file);
        Metadata.requireFinite(file, c.tensors(), "buffer."); // the agent's own tensors were checked by Checkpoint.load
        Metadata.requireFinite(file, c.tensors(), "carry.");
        buffer.clear();
        int n = (int) Metadata.longValue(file, meta, "buffer.iterations");
        for (int i = 0; i < n; i++) buffer.push(unpackIteration(file, c, "buffer." + i + "."));
        return new LoopState((int) Metadata.longValue(file, meta, "loop.iteration"), Metadata.longValue(file, meta, "loop.env_steps"));
    }

    /** The agent's tensors by checkpoint name, sharing the live storage (so loading writes in place). */
    static Map<String, Tensor> liveTensors(TrajectoryAgent agent) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        Checkpoint.add(t, "policy.", agent.policy().net());
        Checkpoint.add(t, "reference.", agent.reference().net());
        Checkpoint.add(t, "critic.", agent.critic().onlineModule());
        Checkpoint.add(t, "critic_target.", agent.critic().targetModule());
        Checkpoint.add(t, "actor.", agent.actorOptimizer());
        Checkpoint.add(t, "critic.", agent.critic().optimizer());
        return t;
    }

    private static void packIteration(Map<String, Tensor> t, Map<String, String> meta, String prefix,
                                      List<List<Trajectory>> groups) {
        StringBuilder sizes = new StringBuilder();
        List<Trajectory> trajectories = new ArrayList<>();
        for (List<Trajectory> g : groups) {
            sizes.append(sizes.isEmpty() ? "" : ",").append(g.size());
            trajectories.addAll(g);
        }
        meta.put(prefix + "groups", sizes.toString());
        if (trajectories.isEmpty()) {
            meta.put(prefix + "lengths", "");
            return;
        }
        Trajectory first = trajectories.getFirst();
        int o = first.obsDim(), d = first.actionDim(), steps = 0;
        for (Trajectory tr : trajectories) steps += tr.length();
        float[] obs = new float[(steps + trajectories.size()) * o], act = new float[steps * d], rew = new float[steps];
        StringBuilder lengths = new StringBuilder(), flags = new StringBuilder();
        int po = 0, pa = 0, pr = 0;
        for (Trajectory tr : trajectories) {
            System.arraycopy(tr.observations(), 0, obs, po, tr.observations().length);
            System.arraycopy(tr.actions(), 0, act, pa, tr.actions().length);
            System.arraycopy(tr.rewards(), 0, rew, pr, tr.rewards().length);
            po += tr.observations().length;
            pa += tr.actions().length;
            pr += tr.rewards().length;
            lengths.append(lengths.isEmpty() ? "" : ",").append(tr.length());
            flags.append(tr.terminal() ? 'T' : tr.truncated() ? 't' : '-');
        }
        t.put(prefix + "observations", Tensor.wrap(obs, steps + trajectories.size(), o));
        t.put(prefix + "actions", Tensor.wrap(act, steps, d));
        t.put(prefix + "rewards", Tensor.wrap(rew, steps));
        meta.put(prefix + "lengths", lengths.toString());
        meta.put(prefix + "flags", flags.toString());
    }

    private static List<List<Trajectory>> unpackIteration(Path file, Safetensors.Contents c, String prefix) {
        List<Trajectory> flat = unpackTrajectories(file, c, prefix);
        List<List<Trajectory>> groups = new ArrayList<>();
        int next = 0;
        for (long size : Metadata.longs(file, c.metadata(), prefix + "groups")) {
            if (size < 0 || next + size > flat.size()) {
                throw new io.rldt.autodiff.io.CheckpointException(file, null, "metadata '" + prefix + "groups' does not add up to the "
                        + flat.size() + " trajectories stored");
            }
            groups.add(List.copyOf(flat.subList(next, next + (int) size)));
            next += (int) size;
        }
        if (next != flat.size()) {
            throw new io.rldt.autodiff.io.CheckpointException(file, null, "metadata '" + prefix + "groups' covers " + next + " of "
                    + flat.size() + " trajectories");
        }
        return groups;
    }

    private static List<Trajectory> unpackTrajectories(Path file, Safetensors.Contents c, String prefix) {
        String lengths = Metadata.require(file, c.metadata(), prefix + "lengths");
        List<Trajectory> out = new ArrayList<>();
        if (lengths.isEmpty()) return out;
        String flags = Metadata.require(file, c.metadata(), prefix + "flags");
        Tensor obs = tensor(file, c, prefix + "observations"), act = tensor(file, c, prefix + "actions"),
                rew = tensor(file, c, prefix + "rewards");
        int o = obs.dim(1), d = act.dim(1), po = 0, pa = 0, pr = 0, i = 0;
        String[] lengthList = lengths.split(",");
        if (flags.length() != lengthList.length) {
            throw new io.rldt.autodiff.io.CheckpointException(file, null, "metadata '" + prefix + "flags' has "
                    + flags.length() + " entries but '" + prefix + "lengths' has " + lengthList.length);
        }
        for (String ls : lengthList) {
            int len;
            try {
                len = Integer.parseInt(ls);
            } catch (NumberFormatException e) {
                throw new io.rldt.autodiff.io.CheckpointException(file, null, "metadata '" + prefix + "lengths' holds '"
                        + ls + "', expected trajectory lengths");
            }
            float[] os = java.util.Arrays.copyOfRange(obs.data(), po, po + (len + 1) * o);
            float[] as = java.util.Arrays.copyOfRange(act.data(), pa, pa + len * d);
            float[] rs = java.util.Arrays.copyOfRange(rew.data(), pr, pr + len);
            po += os.length;
            pa += as.length;
            pr += rs.length;
            char f = flags.charAt(i++);
            out.add(new Trajectory(len, o, d, os, as, rs, f == 'T', f == 't'));
        }
        return out;
    }

    private static Tensor tensor(Path file, Safetensors.Contents c, String name) {
        Tensor t = c.tensors().get(name);
        if (t == null) throw new io.rldt.autodiff.io.CheckpointException(file, name, "tensor is missing");
        return t;
    }



}
