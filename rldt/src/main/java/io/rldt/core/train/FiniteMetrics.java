package io.rldt.core.train;

import io.rldt.autodiff.io.Safetensors;
import io.rldt.engine.Tensor;
import java.util.Map;

/**
 * No NaN goes by silently: a training loop hands every record to {@link #require} before logging it, and every
 * checkpoint and snapshot to {@link #requireFiniteTensors} before writing it. A non-finite loss, critic value,
 * evaluation or weight stops the run with the iteration (or env step) and the metric or tensor, in one line
 * (exit 2); the last checkpoint on disk predates it, so a rerun cannot resume into NaN.
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
                    throw new IllegalStateException(where + ": metric " + k + " is " + v + "; stopping (" + ADVICE + ")");
                }
            }
        }
    }

    private static final String ADVICE = "the last checkpoint predates it; start a new --run-dir with lower learning "
            + "rates, or check the data";

    /** Throws when a tensor about to be saved holds NaN or ±inf, naming it and its first bad index. */
    static void requireFiniteTensors(String where, Map<String, Tensor> tensors) {
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            float[] d = t.onHost() ? t.data() : t.toArray(); // a device tensor is read as a copy and stays there
            int bad = Safetensors.firstNonFinite(d, t.size());
            if (bad >= 0) {
                throw new IllegalStateException(where + ": tensor '" + e.getKey() + "' holds " + d[bad] + " at index "
                        + bad + "; stopping before it is saved (" + ADVICE + ")");
            }
        }
    }
}
