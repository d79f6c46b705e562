package io.rldt.core.train;

import java.util.Map;

/**
 * No NaN goes by silently: a training loop hands every record to {@link #require} before logging it, and a
 * non-finite loss, critic value or evaluation stops the run with the iteration (or env step) and the metric.
 * The last checkpoint predates the record, so nothing non-finite is ever saved; the stop is one line, exit 2.
 */
final class FiniteMetrics {
    private FiniteMetrics() {}

    /** Metric namespaces that must stay finite: the updates' losses and statistics and the evaluations. */
    private static final String[] CHECKED = {"actor/", "critic/", "sac/", "eval/"};

    /** Throws when a checked metric of {@code record} is NaN or infinite; {@code where} is e.g. "iteration 7". */
    static void require(String where, Map<String, Double> record) {
        for (var e : record.entrySet()) {
            String k = e.getKey();
            Double v = e.getValue();
            if (v == null || Double.isFinite(v)) continue;
            for (String prefix : CHECKED) {
                if (k.startsWith(prefix)) {
                    throw new IllegalStateException(where + ": metric " + k + " is " + v + "; stopping (the last "
                            + "checkpoint is from before this point; lower the learning rates or check the data)");
                }
            }
        }
    }
}
