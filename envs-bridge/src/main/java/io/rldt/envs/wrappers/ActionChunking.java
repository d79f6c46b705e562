package io.rldt.envs.wrappers;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvContract;
import io.rldt.envs.StepResult;

import java.util.Arrays;
import java.util.Map;

/**
 * Executes a chunk of {@code H} actions per step, as flow policies with action chunking do (DPPO, ReinFlow).
 *
 * <p>The action is the flat chunk {@code [H·A]}: entries {@code [k·A, (k+1)·A)} are the k-th action. The
 * action space is the inner box repeated H times. One wrapper step runs the inner env up to H times and
 * stops early when an inner step ends the episode. It returns:
 * <ul>
 *   <li>the observation, terminated and truncated flags of the last executed inner step;</li>
 *   <li>the <b>undiscounted</b> sum of the executed steps' rewards (DPPO's convention; discount within a
 *       chunk from {@code "chunk_rewards"} if a learner needs it);</li>
 *   <li>the last inner step's info plus {@value #CHUNK_STEPS} (an {@code Integer}, the executed count,
 *       {@code 1..H}) and {@value #CHUNK_REWARDS} (a {@code double[]} of that length).</li>
 * </ul>
 * A {@link TimeLimit} placed <em>inside</em> this wrapper counts inner steps; placed outside, it counts chunks.
 */
public final class ActionChunking extends EnvWrapper {
    /** Info key: the number of inner steps executed by the last chunk (Integer). */
    public static final String CHUNK_STEPS = "chunk_steps";
    /** Info key: the rewards of the executed inner steps (double[]). */
    public static final String CHUNK_REWARDS = "chunk_rewards";

    private final int horizon;
    private final int actionDim;
    private final Box actionSpace;

    /**
     * @param env     the env that executes single actions
     * @param horizon the chunk length {@code H} (positive)
     */
    public ActionChunking(Env env, int horizon) {
        super(env);
        if (horizon <= 0) throw new IllegalArgumentException("ActionChunking: horizon is " + horizon + ", expected > 0");
        this.horizon = horizon;
        Box inner = env.actionSpace();
        this.actionDim = inner.dim();
        double[] lo = new double[horizon * actionDim];
        double[] hi = new double[horizon * actionDim];
        for (int k = 0; k < horizon; k++) {
            System.arraycopy(inner.low(), 0, lo, k * actionDim, actionDim);
            System.arraycopy(inner.high(), 0, hi, k * actionDim, actionDim);
        }
        this.actionSpace = new Box(lo, hi);
    }

    /** The chunk length H. */
    public int horizon() { return horizon; }

    @Override public Box actionSpace() { return actionSpace; }

    @Override
    public StepResult step(double[] chunk) {
        EnvContract.requireAction("ActionChunking(H=" + horizon + ")", chunk, horizon * actionDim);
        double[] rewards = new double[horizon];
        double total = 0;
        StepResult last = null;
        int executed = 0;
        while (executed < horizon) {
            double[] a = Arrays.copyOfRange(chunk, executed * actionDim, (executed + 1) * actionDim);
            last = env.step(a);
            rewards[executed] = last.reward();
            total += last.reward();
            executed++;
            if (last.done()) break;
        }
        Map<String, Object> info = withInfo(last.info(), CHUNK_STEPS, executed);
        info.put(CHUNK_REWARDS, Arrays.copyOf(rewards, executed));
        return new StepResult(last.observation(), total, last.terminated(), last.truncated(), info);
    }
}
