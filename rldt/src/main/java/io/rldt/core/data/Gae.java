package io.rldt.core.data;

/**
 * Generalised advantage estimation over an iteration's rollout of E envs × T chunk steps, laid out [T, E]
 * (baselines spec §2.3, §3.7, §6.4):
 * <pre>
 *   δ_t = r_t + γ·(1 − term_t)·V(s'_t) − V(s_t)
 *   A_t = δ_t + γλ·(1 − end_t)·A_{t+1},      R_t = A_t + V(s_t)
 * </pre>
 * {@code s'_t} is the observation the step led to: the true final observation when the episode ended there
 * (terminated or truncated), the next state otherwise, and at the last step of the iteration the observation the
 * next iteration starts from. So a truncation and the end of an iteration bootstrap from V(s'); only a
 * termination does not. {@code end_t} (termination or truncation) cuts the trace: the next row is another
 * episode. With {@code truncationAsTerminal} a truncation is treated as a termination (old-gym parity).
 * Computed backwards in double.
 */
public final class Gae {
    private Gae() {}

    /**
     * @param rewards     [T·E] (scaled) chunk rewards, row t·E + e
     * @param values      [T·E] V(s_t)
     * @param nextValues  [T·E] V(s'_t) (read only where the step did not terminate)
     * @param terminated  [T·E] the episode terminated at this step
     * @param truncated   [T·E] the episode was cut by the time limit at this step
     * @param advantages  [T·E] written with A_t
     * @param returns     [T·E] written with R_t = A_t + V(s_t)
     */
    public static void compute(float[] rewards, float[] values, float[] nextValues, boolean[] terminated,
                               boolean[] truncated, int steps, int envs, double gamma, double lambda,
                               boolean truncationAsTerminal, float[] advantages, float[] returns) {
        int n = steps * envs;
        if (rewards.length != n || values.length != n || nextValues.length != n || terminated.length != n
                || truncated.length != n || advantages.length != n || returns.length != n) {
            throw new IllegalArgumentException("Gae: every array must hold T·E = " + steps + "·" + envs + " = " + n + " entries");
        }
        for (int e = 0; e < envs; e++) {
            double next = 0; // A_{t+1}
            for (int t = steps - 1; t >= 0; t--) {
                int i = t * envs + e;
                boolean term = terminated[i] || (truncationAsTerminal && truncated[i]);
                boolean end = terminated[i] || truncated[i];
                double delta = rewards[i] + (term ? 0 : gamma * nextValues[i]) - values[i];
                double adv = delta + (end ? 0 : gamma * lambda * next);
                advantages[i] = (float) adv;
                returns[i] = (float) (adv + values[i]);
                next = adv;
            }
        }
    }
}
