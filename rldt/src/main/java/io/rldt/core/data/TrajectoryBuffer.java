package io.rldt.core.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * FIFO of the last {@code capacity} iterations' trajectories (spec §6: 20 iterations at Gym scale). Pushing an
 * iteration's batch drops the oldest iteration once full. Not thread-safe.
 */
public final class TrajectoryBuffer {
    private final int capacityIterations;
    private final Deque<List<Trajectory>> iterations = new ArrayDeque<>();
    private int size;

    public TrajectoryBuffer(int capacityIterations) {
        if (capacityIterations < 1) {
            throw new IllegalArgumentException("TrajectoryBuffer: capacity is " + capacityIterations
                    + " iterations, expected >= 1");
        }
        this.capacityIterations = capacityIterations;
    }

    /** Adds one iteration's trajectories, evicting the oldest iteration when over capacity. */
    public void push(List<Trajectory> iteration) {
        iterations.addLast(List.copyOf(iteration));
        size += iteration.size();
        while (iterations.size() > capacityIterations) size -= iterations.removeFirst().size();
    }

    /** All stored trajectories, oldest first. */
    public List<Trajectory> all() {
        List<Trajectory> out = new ArrayList<>(size);
        for (List<Trajectory> it : iterations) out.addAll(it);
        return out;
    }

    /** Trajectories in the newest {@code n} iterations are "fresh"; this returns the rest, oldest first. */
    public List<Trajectory> olderThan(int n) {
        List<Trajectory> out = new ArrayList<>();
        int keep = Math.max(0, iterations.size() - n), i = 0;
        for (List<Trajectory> it : iterations) {
            if (i++ < keep) out.addAll(it);
        }
        return out;
    }

    public int size() { return size; }

    public int iterationsStored() { return iterations.size(); }

    /** The stored iterations, oldest first (for checkpoints). */
    public List<List<Trajectory>> iterations() { return List.copyOf(iterations); }

    public void clear() {
        iterations.clear();
        size = 0;
    }
}
