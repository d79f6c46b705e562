package io.rldt.core.metrics;

import java.io.Closeable;
import java.util.Map;

/**
 * Where a run's metrics go: one record per iteration, keys namespaced ({@code critic/q_mean},
 * {@code actor/loss_rl}, {@code eval/return_mean}). Implementations flush after every record so a killed run
 * loses nothing already logged.
 */
public interface MetricsSink extends Closeable {

    /** Writes one record; {@code step} is the iteration index. Values are finite doubles or NaN. */
    void log(int step, Map<String, Double> metrics);

    @Override
    default void close() {}
}
