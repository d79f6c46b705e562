package io.rldt.envs.remote;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link RemoteVectorEnv#reset}: one first observation and one info dict per env.
 *
 * @param observations {@code [N][obsDim]}, owned by the caller
 * @param infos        {@code N} maps of the env's scalar infos (numbers and booleans; other values are dropped)
 */
public record VectorResetResult(double[][] observations, List<Map<String, Object>> infos) {
    public int numEnvs() { return observations.length; }
}
