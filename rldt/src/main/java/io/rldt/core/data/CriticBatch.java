package io.rldt.core.data;

import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Ops;
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
    private Tensor rewardsTensor;                  // the same, where the backend computes (made on first use)
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
            // Gathered on the host, where the trajectories are; one upload each on a device backend.
            observations[m] = Trajectory.states(split.get(m), obsDim);
            int n = observations[m].dim(0);
            float[] act = new float[n * actionDim];
            int r = 0;
            for (Trajectory t : split.get(m)) {
                System.arraycopy(t.actions(), 0, act, r * actionDim, t.length() * actionDim);
                r += t.length();
                trajectories.add(t);
            }
            actions[m] = Tensor.of(act, n, actionDim);
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
        float[] next = new float[repeats * rows * obsDim];
        int r = 0;
        for (int rep = 0; rep < repeats; rep++) {
            for (Trajectory t : trajectories) {
                System.arraycopy(t.observations(), obsDim, next, r * obsDim, t.length() * obsDim);
                r += t.length();
            }
        }
        return Tensor.of(next, repeats * rows, obsDim);
    }

    /**
     * {@code Q̄_i = clip(mean_rep values[rep·N + i], lo, hi)} → [N]: the mean over the bootstrap samples of the
     * target critic's value at the next state (values laid out as {@link #nextObservations} lays out states).
     */
    public float[] bootstrapValues(float[] values, int repeats, double lo, double hi) {
        return bootstrapValues(Tensor.of(values, values.length), repeats, lo, hi).toArray();
    }

    /** {@link #bootstrapValues(float[], int, double, double)} where the values are: [repeats·N] → [N]. */
    public Tensor bootstrapValues(Tensor values, int repeats, double lo, double hi) {
        if (values.size() != repeats * rows) {
            throw new IllegalArgumentException("CriticBatch: " + values.size() + " values, expected repeats·N = " + repeats * rows);
        }
        Tensor out = Tensor.zeros(rows);
        Backends.current().kernel(BOOTSTRAP_MEAN, new double[] {repeats, lo, hi}, out, values);
        return out;
    }

    /** out [N] = clip(mean_rep v[rep·N + i], lo, hi); p = {repeats, lo, hi}. */
    private static final HostKernel BOOTSTRAP_MEAN = new HostKernel("bootstrap_mean", (q, in, p) -> { // in: v
        float[] out = q.data(), values = in[0].data();
        int rows = q.size(), repeats = (int) p[0];
        for (int i = 0; i < rows; i++) {
            double mean = 0;
            for (int rep = 0; rep < repeats; rep++) mean += values[rep * rows + i];
            out[i] = (float) Math.max(p[1], Math.min(p[2], mean / repeats));
        }
    });

    /**
     * TD(λ) targets per member from {@code Q̄(s_{t+1})} [N] (row order): each trajectory backwards, no bootstrap
     * past a terminal (or, with {@code truncationAsTerminal}, past a time limit).
     *
     * @return per member {@code y} [N_m]
     */
    public Tensor[] tdTargets(float[] nextValues, double gamma, double lambda, boolean truncationAsTerminal) {
        return tdTargets(Tensor.of(nextValues, nextValues.length), gamma, lambda, truncationAsTerminal);
    }

    /** {@link #tdTargets(float[], double, double, boolean)} where the next values are: [N] → per member [N_m]. */
    public Tensor[] tdTargets(Tensor nextValues, double gamma, double lambda, boolean truncationAsTerminal) {
        if (nextValues.size() != rows) {
            throw new IllegalArgumentException("CriticBatch: " + nextValues.size() + " next values, expected N = " + rows);
        }
        // The kernel's arguments: γ, λ, then (length, terminal) of every trajectory in row order.
        double[] args = new double[2 + 2 * trajectories.size()];
        args[0] = gamma;
        args[1] = lambda;
        for (int i = 0; i < trajectories.size(); i++) {
            Trajectory t = trajectories.get(i);
            args[2 + 2 * i] = t.length();
            args[3 + 2 * i] = t.terminal() || (truncationAsTerminal && t.truncated()) ? 1 : 0;
        }
        if (rewardsTensor == null) rewardsTensor = Tensor.of(scaledRewards, rows);
        Tensor y = Tensor.zeros(rows);
        Backends.current().kernel(TD_TARGETS, args, y, rewardsTensor, nextValues);
        Tensor[] targets = new Tensor[members];
        for (int m = 0, offset = 0; m < members; offset += memberRows[m], m++) {
            targets[m] = Ops.slice(y, 0, offset, offset + memberRows[m]);
        }
        return targets;
    }

    /** y [N] = TD(λ) targets of every trajectory, each backwards in place (TdTargets); in: r [N], Q̄ [N]. */
    private static final HostKernel TD_TARGETS = new HostKernel("td_lambda_targets", (y, in, p) -> {
        float[] rewards = in[0].data(), next = in[1].data(), out = y.data();
        for (int i = 2, offset = 0; i < p.length; i += 2) {
            int len = (int) p[i];
            TdTargets.compute(rewards, next, offset, len, p[i + 1] != 0, p[0], p[1], out, offset);
            offset += len;
        }
    });
}
