package io.rldt.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a run's reproducible metrics apart from what depends on the machine: keys under {@code time/} (wall
 * clock) and {@code mem/} (heap) go to the {@code machine} sink, every other key to the {@code reproducible}
 * one. So {@code metrics.csv} and {@code metrics.jsonl} of two runs with one seed (same threads, same backend)
 * are byte-identical, however loaded the machine was, and {@code timings.csv} holds what the machine did. A
 * record with no key for one side is not logged on that side.
 */
public final class SplitSink implements MetricsSink {
    private final MetricsSink reproducible;
    private final MetricsSink machine; // null: machine-dependent keys are dropped

    /** Reproducible keys to {@code reproducible}, machine-dependent ones to {@code machine} (null drops them). */
    public SplitSink(MetricsSink reproducible, MetricsSink machine) {
        this.reproducible = reproducible;
        this.machine = machine;
    }

    /** Whether a metric's value depends on the machine and its load rather than on the seed alone. */
    public static boolean machineDependent(String key) {
        return key.startsWith("time/") || key.startsWith("mem/");
    }

    @Override
    public void log(int step, Map<String, Double> metrics) {
        Map<String, Double> same = new LinkedHashMap<>(), varies = new LinkedHashMap<>();
        metrics.forEach((k, v) -> (machineDependent(k) ? varies : same).put(k, v));
        if (!same.isEmpty()) reproducible.log(step, same);
        if (machine != null && !varies.isEmpty()) machine.log(step, varies);
    }

    @Override
    public void close() {
        try {
            reproducible.close();
        } finally {
            if (machine != null) machine.close();
        }
    }
}
