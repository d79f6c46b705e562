package io.rldt.envs.wrappers;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvContract;
import io.rldt.envs.StepResult;

/**
 * Lets the agent act in min-max normalised units: the wrapper's action space is {@code [-1, 1]^A}, and each
 * action is mapped back to raw units with {@link MinMaxNormalizer#unnormalize} (usually from a dataset's
 * {@code action_min}/{@code action_max}) before the inner env sees it.
 *
 * <p>The mapped action is not clipped: the inner env applies its own rule (for example MuJoCo tasks charge
 * the control cost on the raw action). Add {@link RescaleAction} or rely on the task for clipping.
 */
public final class NormalizeAction extends EnvWrapper {
    private final MinMaxNormalizer normalizer;
    private final Box actionSpace;

    /**
     * @param env the env that receives raw actions
     * @param min per-dimension minimum of raw actions, {@code [actionDim]} (copied)
     * @param max per-dimension maximum of raw actions, {@code [actionDim]} (copied)
     */
    public NormalizeAction(Env env, double[] min, double[] max) {
        this(env, new MinMaxNormalizer(min, max));
    }

    /** @param normalizer statistics with {@code dim() == env.actionSpace().dim()} */
    public NormalizeAction(Env env, MinMaxNormalizer normalizer) {
        super(env);
        int dim = env.actionSpace().dim();
        if (normalizer.dim() != dim) {
            throw new IllegalArgumentException("NormalizeAction: statistics have dim " + normalizer.dim()
                    + ", expected actionSpace().dim() = " + dim);
        }
        this.normalizer = normalizer;
        this.actionSpace = Box.uniform(dim, -1.0, 1.0);
    }

    /** The statistics in use. */
    public MinMaxNormalizer normalizer() { return normalizer; }

    @Override public Box actionSpace() { return actionSpace; }

    @Override
    public StepResult step(double[] action) {
        EnvContract.requireAction("NormalizeAction", action, actionSpace.dim());
        return env.step(normalizer.unnormalize(action, new double[action.length]));
    }
}
