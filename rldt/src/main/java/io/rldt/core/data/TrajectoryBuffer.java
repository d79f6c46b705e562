package io.rldt.core.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * FIFO of the last {@code capacity} iterations' rollouts (spec §6: 20 iterations at Gym scale). Each iteration
 * holds groups: one env's rollout of that iteration, cut into trajectories at episode ends (the authors' unit
 * of a "trajectory", which update rounds sample). Pushing an iteration drops the oldest once full. Not
 * thread-safe.
 */
public final class TrajectoryBuffer {
    private final int capacityIterations;
    private final Deque<List<List<Trajectory>>> iterations = new ArrayDeque<>();
    private int groups;

    public TrajectoryBuffer(int capacityIterations) {
        if (capacityIterations < 1) {
            throw new IllegalArgumentException("TrajectoryBuffer: capacity is " + capacityIterations
                    + " iterations, expected >= 1");
        }
        this.capacityIterations = capacityIterations;
    }

    /** Adds one iteration's groups, evicting the oldest iteration when over capacity. */
    public void push(List<List<Trajectory>> iteration) {
        List<List<Trajectory>> copy = new ArrayList<>();
        for (List<Trajectory> g : iteration) copy.add(List.copyOf(g));
        iterations.addLast(List.copyOf(copy));
        groups += iteration.size();
        while (iterations.size() > capacityIterations) groups -= iterations.removeFirst().size();
    }

    /** All stored groups, oldest first. */
    public List<List<Trajectory>> all() {
        List<List<Trajectory>> out = new ArrayList<>(groups);
        for (List<List<Trajectory>> it : iterations) out.addAll(it);
        return out;
    }

    /** Stored groups (env rollouts). */
    public int size() { return groups; }

    public int iterationsStored() { return iterations.size(); }

    /** The stored iterations, oldest first (for checkpoints). */
    public List<List<List<Trajectory>>> iterations() { return List.copyOf(iterations); }

    public void clear() {
        iterations.clear();
        groups = 0;
    }
}
