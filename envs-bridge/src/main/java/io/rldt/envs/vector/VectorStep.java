package io.rldt.envs.vector;

import java.util.List;
import java.util.Map;

/**
 * One step of a {@link VectorEnv} with same-step autoreset. All arrays are indexed by env {@code i ∈ [0, N)}
 * and owned by the caller.
 *
 * @param observations      {@code [N][obsDim]}: the next observation, or, where env i's episode just ended,
 *                          the first observation of its new episode
 * @param rewards           {@code [N]}: the reward of this step
 * @param terminated        {@code [N]}: the episode reached a terminal state (do not bootstrap)
 * @param truncated         {@code [N]}: the episode was cut short (bootstrap from {@code finalObservations[i]})
 * @param finalObservations {@code [N][]}: the last observation of the episode that just ended at i; null
 *                          where env i's episode continues
 * @param infos             {@code N} maps: the info of this step (for an ended episode, its last step's info,
 *                          for example {@code "episode"} statistics); the new episode's reset info is dropped
 */
public record VectorStep(double[][] observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                         double[][] finalObservations, List<Map<String, Object>> infos) {

    /** Number of envs N. */
    public int size() { return rewards.length; }

    /** True when env i's episode ended at this step (then {@code observations[i]} starts a new one). */
    public boolean done(int i) { return terminated[i] || truncated[i]; }

    /**
     * The observation to bootstrap from for env i: the final observation when its episode just ended,
     * otherwise the next observation.
     */
    public double[] nextObservation(int i) {
        return finalObservations[i] != null ? finalObservations[i] : observations[i];
    }
}
