package io.rldt.envs;

import java.util.Map;

/** The outcome of {@link Env#reset}: the first observation and extra diagnostics (never null). */
public record ResetResult(double[] observation, Map<String, Object> info) {
    public ResetResult {
        if (observation == null) throw new IllegalArgumentException("ResetResult: observation is null");
        if (info == null) info = Map.of();
    }

    public static ResetResult of(double[] observation) { return new ResetResult(observation, Map.of()); }
}
