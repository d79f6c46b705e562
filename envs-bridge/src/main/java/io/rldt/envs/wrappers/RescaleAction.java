package io.rldt.envs.wrappers;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvContract;
import io.rldt.envs.StepResult;

/**
 * Affinely maps actions from a source box (by default {@code [-1, 1]^A}) onto the inner env's action box:
 * {@code a_env = low + (a − from.low) / (from.high − from.low) · (high − low)}.
 *
 * <p>By default the mapped action is clipped to the inner box, as Gymnasium 1.x's {@code RescaleAction}
 * does; pass {@code clip = false} to forward out-of-range actions unchanged in scale (for tasks whose cost
 * should see them). Both boxes must be finite and the source box must have positive width in every entry.
 */
public final class RescaleAction extends EnvWrapper {
    private final Box from;
    private final Box to;
    private final boolean clip;

    /** Rescales from {@code [-1, 1]^A}, clipping to the inner box. */
    public RescaleAction(Env env) { this(env, Box.uniform(env.actionSpace().dim(), -1.0, 1.0), true); }

    /**
     * @param env  the env that receives mapped actions
     * @param from the action space the agent sees (same dim as the inner one)
     * @param clip whether to clip the mapped action to the inner box
     */
    public RescaleAction(Env env, Box from, boolean clip) {
        super(env);
        this.to = env.actionSpace();
        this.from = from;
        this.clip = clip;
        if (from.dim() != to.dim()) {
            throw new IllegalArgumentException("RescaleAction: from has dim " + from.dim()
                    + ", expected the inner actionSpace().dim() = " + to.dim());
        }
        for (int i = 0; i < to.dim(); i++) {
            requireFinite("inner actionSpace", i, to.low(i), to.high(i));
            requireFinite("from", i, from.low(i), from.high(i));
            if (!(from.high(i) > from.low(i))) {
                throw new IllegalArgumentException("RescaleAction: from[" + i + "] is [" + from.low(i) + ", "
                        + from.high(i) + "], expected high > low");
            }
        }
    }

    @Override public Box actionSpace() { return from; }

    @Override
    public StepResult step(double[] action) {
        EnvContract.requireAction("RescaleAction", action, from.dim());
        return env.step(map(action));
    }

    /** The inner-env action for agent action {@code a} (a fresh array). */
    public double[] map(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double frac = (a[i] - from.low(i)) / (from.high(i) - from.low(i));
            double v = to.low(i) + frac * (to.high(i) - to.low(i));
            out[i] = clip ? Math.max(to.low(i), Math.min(to.high(i), v)) : v;
        }
        return out;
    }

    private static void requireFinite(String what, int i, double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("RescaleAction: " + what + "[" + i + "] is [" + lo + ", " + hi
                    + "], expected finite bounds");
        }
    }
}
