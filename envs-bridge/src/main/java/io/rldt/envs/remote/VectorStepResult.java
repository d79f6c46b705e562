package io.rldt.envs.remote;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one batched {@link RemoteVectorEnv#step}, with same-step autoreset: an env whose episode
 * ended this step was reset by the server before replying.
 *
 * @param observations      {@code [N][obsDim]}: the next observation, or the first observation of the new
 *                          episode where {@code done(i)}
 * @param rewards           {@code [N]} rewards of this transition
 * @param terminated        {@code [N]} true where the MDP reached a terminal state (do not bootstrap)
 * @param truncated         {@code [N]} true where the episode was cut short (bootstrap from the final observation)
 * @param finalObservations {@code [N][]}: where {@code done(i)}, the last observation of the ended episode
 *                          (the one to bootstrap from when truncated); {@code null} elsewhere
 * @param infos             {@code N} maps of the step's scalar infos (of the ended episode's last step where done)
 */
public record VectorStepResult(double[][] observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                               double[][] finalObservations, List<Map<String, Object>> infos) {

    public int numEnvs() { return rewards.length; }

    /** True when env {@code i}'s episode ended this step (and it was reset). */
    public boolean done(int i) { return terminated[i] || truncated[i]; }
}
