package io.rldt.envs;

import java.util.Map;

/**
 * The outcome of {@link Env#step}, with Gymnasium's meaning.
 *
 * @param observation the next observation (owned by the caller; envs return a fresh array)
 * @param reward      the reward for this transition
 * @param terminated  the MDP reached a terminal state: do <b>not</b> bootstrap from {@code observation}
 * @param truncated   the episode was cut short (time limit, broken simulation): bootstrap from {@code observation}
 * @param info        extra diagnostics; never null, may be empty
 */
public record StepResult(double[] observation, double reward, boolean terminated, boolean truncated,
                         Map<String, Object> info) {
    /** Rejects a null observation; a null info becomes an empty map. */
    public StepResult {
        if (observation == null) throw new IllegalArgumentException("StepResult: observation is null");
        if (info == null) info = Map.of();
    }

    /** True when the episode is over for either reason. */
    public boolean done() { return terminated || truncated; }
}
