package io.rldt.envs;

import java.util.Map;

/**
 * The outcome of {@link Env#reset}: the first observation and extra diagnostics (never null).
 *
 * @param observation the first observation of the episode (owned by the caller)
 * @param info        extra diagnostics; never null, may be empty
 */
public record ResetResult(double[] observation, Map<String, Object> info) {
    /** Rejects a null observation; a null info becomes an empty map. */
    public ResetResult {
        if (observation == null) throw new IllegalArgumentException("ResetResult: observation is null");
        if (info == null) info = Map.of();
    }

    /** A result with the given observation and an empty info map. */
    public static ResetResult of(double[] observation) { return new ResetResult(observation, Map.of()); }
}
