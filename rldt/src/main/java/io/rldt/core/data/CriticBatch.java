package io.rldt.core.data;

import io.rldt.engine.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One update round's batch as a trajectory critic sees it (spec §4; RLDT and QAM): the groups (env rollouts)
 * split over the ensemble's members, member {@code m} taking groups {@code m, m + M, m + 2M, ...}; every
 * transition is one row, rows in member order. It holds the members' inputs {@code (s_t, a_t)}, the scaled
 * rewards, and turns next-state values into TD(λ) targets per trajectory, reading each trajectory in place
 * (offsets into one array, no copies).
 *
 * <pre>
 *   rows:  member 0's trajectories | member 1's trajectories | ...          N = Σ_m N_m
 *   Q̄_i  = clip( mean_{rep} V[rep·N + i], q_min, q_max )                   (mean over bootstrap samples)
 *   y     = TdTargets over each trajectory with its own terminal flag
 * </pre>
 */
public final class CriticBatch {
    private final int members, obsDim, actionDim, rows;
    private final Tensor[] observations, actions;  // per member: [N_m, O], [N_m, D]
    private final float[] scaledRewards;           // [N]  r_t / scale, in row order
    private final List<Trajectory> trajectories;   // in row order
    private final int[] memberRows;                // [M]  N_m

    private CriticBatch(List<List<Trajectory>> split, int obsDim, int actionDim, double rewardDivisor) {
        this.members = split.size();
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.observations = new Tensor[members];
        this.actions = new Tensor[members];
        this.memberRows = new int[members];
        this.trajectories = new ArrayList<>();
        int total = 0;
        for (int m = 0; m < members; m++) {
            int n = 0;
            for (Trajectory t : split.get(m)) n += t.length();
            Tensor obs = Tensor.zeros(n, obsDim), act = Tensor.zeros(n, actionDim);
            int r = 0;
            for (Trajectory t : split.get(m)) {
                System.arraycopy(t.observations(), 0, obs.data(), r * obsDim, t.length() * obsDim);
                System.arraycopy(t.actions(), 0, act.data(), r * actionDim, t.length() * actionDim);
                r += t.length();
                trajectories.add(t);
            }
            observations[m] = obs;
            actions[m] = act;
            memberRows[m] = n;
            total += n;
        }
        this.rows = total;
        this.scaledRewards = new float[total];
        int r = 0;
        for (Trajectory t : trajectories) {
            for (int i = 0; i < t.length(); i++) scaledRewards[r++] = (float) (t.rewards()[i] / rewardDivisor);
        }
    }

    /**
     * @param groups        the round's groups in the round's order (each one env's rollout, cut at episode ends)
     * @param members       ensemble members M ≥ 1
     * @param rewardDivisor rewards are divided by it (the reward scale)
     */
    public static CriticBatch of(List<List<Trajectory>> groups, int members, int obsDim, int actionDim,
                                 double rewardDivisor) {
        if (members < 1) throw new IllegalArgumentException("CriticBatch: members is " + members + ", expected >= 1");
        List<List<Trajectory>> split = new ArrayList<>();
        for (int m = 0; m < members; m++) split.add(new ArrayList<>());
        for (int i = 0; i < groups.size(); i++) split.get(i % members).addAll(groups.get(i));
        return new CriticBatch(split, obsDim, actionDim, rewardDivisor);
    }

    /** N, all members' transitions. */
    public int rows() { return rows; }

    public int members() { return members; }

    /** Member m's states s_t [N_m, O]. */
    public Tensor observations(int m) { return observations[m]; }

    /** Member m's executed chunks a_t [N_m, D]. */
    public Tensor actions(int m) { return actions[m]; }

    /** The scaled rewards in row order [N] (a copy). */
    public float[] scaledRewards() { return scaledRewards.clone(); }

    /**
     * The next states {@code s_{t+1}} of every row, the whole set repeated {@code repeats} times (repeat-major):
     * [repeats·N, O], the states at which bootstrap actions {@code a' ~ π(·|s')} are drawn.
     */
    public Tensor nextObservations(int repeats) {
        Tensor next = Tensor.zeros(repeats * rows, obsDim);
        int r = 0;
        for (int rep = 0; rep < repeats; rep++) {
            for (Trajectory t : trajectories) {
                System.arraycopy(t.observations(), obsDim, next.data(), r * obsDim, t.length() * obsDim);
                r += t.length();
            }
        }
        return next;
    }

    /**
     * {@code Q̄_i = clip(mean_rep values[rep·N + i], lo, hi)} → [N]: the mean over the bootstrap samples of the
     * target critic's value at the next state (values laid out as {@link #nextObservations} lays out states).
     */
    public float[] bootstrapValues(float[] values, int repeats, double lo, double hi) {
        if (values.length != repeats * rows) {
            throw new IllegalArgumentException("CriticBatch: " + values.length + " values, expected repeats·N = " + repeats * rows);
        }
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            double mean = 0;
            for (int rep = 0; rep < repeats; rep++) mean += values[rep * rows + i];
            out[i] = (float) Math.max(lo, Math.min(hi, mean / repeats));
        }
        return out;
    }

    /**
     * TD(λ) targets per member from {@code Q̄(s_{t+1})} [N] (row order): each trajectory backwards, no bootstrap
     * past a terminal (or, with {@code truncationAsTerminal}, past a time limit).
     *
     * @return per member {@code y} [N_m]
     */
    public Tensor[] tdTargets(float[] nextValues, double gamma, double lambda, boolean truncationAsTerminal) {
        if (nextValues.length != rows) {
            throw new IllegalArgumentException("CriticBatch: " + nextValues.length + " next values, expected N = " + rows);
        }
        Tensor[] targets = new Tensor[members];
        int offset = 0, ti = 0;
        for (int m = 0; m < members; m++) {
            float[] y = new float[memberRows[m]];
            for (int local = 0; local < y.length; ti++) {
                Trajectory t = trajectories.get(ti);
                boolean terminal = t.terminal() || (truncationAsTerminal && t.truncated());
                TdTargets.compute(scaledRewards, nextValues, offset + local, t.length(), terminal, gamma, lambda, y, local);
                local += t.length();
            }
            offset += y.length;
            targets[m] = Tensor.wrap(y, y.length);
        }
        return targets;
    }
}
