package io.rldt.envs.wrappers;

import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

/**
 * Ends episodes after {@code maxEpisodeSteps} steps by setting {@code truncated}.
 *
 * <p>As in Gymnasium, a step that terminates exactly at the limit reports {@code terminated = true} and
 * {@code truncated = true}; learners must check {@code terminated} first (no bootstrapping). Unlike
 * Gymnasium, stepping after the limit throws {@link IllegalStateException}, because the inner env would
 * otherwise happily continue a finished episode.
 */
public final class TimeLimit extends EnvWrapper {
    private final int maxEpisodeSteps;
    private int elapsed;
    private boolean needsReset = true;

    /**
     * @param env             the env to limit
     * @param maxEpisodeSteps the number of steps after which the episode is truncated (positive)
     */
    public TimeLimit(Env env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("TimeLimit: maxEpisodeSteps is " + maxEpisodeSteps + ", expected > 0");
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** The limit. */
    public int maxEpisodeSteps() { return maxEpisodeSteps; }

    /** Steps taken in the current episode. */
    public int elapsedSteps() { return elapsed; }

    @Override
    public ResetResult reset(long seed) {
        ResetResult r = env.reset(seed);
        startEpisode();
        return r;
    }

    @Override
    public ResetResult reset() {
        ResetResult r = env.reset();
        startEpisode();
        return r;
    }

    private void startEpisode() {
        elapsed = 0;
        needsReset = false;
    }

    @Override
    public StepResult step(double[] action) {
        if (needsReset) {
            throw new IllegalStateException("TimeLimit: step() called " + (elapsed == 0 ? "before reset()"
                    : "after the episode ended at step " + elapsed) + "; call reset() first");
        }
        StepResult r = env.step(action);
        elapsed++;
        boolean truncated = r.truncated() || elapsed >= maxEpisodeSteps;
        needsReset = r.terminated() || truncated;
        if (truncated == r.truncated()) return r;
        return new StepResult(r.observation(), r.reward(), r.terminated(), true, r.info());
    }
}
