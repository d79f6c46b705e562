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
    /**
     * Info key of tasks that define success (Gymnasium's and Stable-Baselines3's convention): a {@code Boolean}
     * (or a number, 0 = no, as Gymnasium-Robotics reports it) on every step, true on a step at which the task is
     * achieved. An episode succeeded when its last step says so; tasks without the key define no success rate.
     */
    public static final String IS_SUCCESS = "is_success";

    /** Rejects a null observation; a null info becomes an empty map. */
    public StepResult {
        if (observation == null) throw new IllegalArgumentException("StepResult: observation is null");
        if (info == null) info = Map.of();
    }

    /**
     * The {@link #IS_SUCCESS} flag of a step's info: a {@code Boolean} as is, a number as {@code != 0}; null when
     * the info has no such flag (the task defines no success).
     */
    public static Boolean success(Map<String, Object> info) {
        Object v = info.get(IS_SUCCESS);
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.doubleValue() != 0;
        return null;
    }

    /** True when the episode is over for either reason. */
    public boolean done() { return terminated || truncated; }
}
