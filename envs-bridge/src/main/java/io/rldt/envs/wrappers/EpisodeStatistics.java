package io.rldt.envs.wrappers;

import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

/**
 * Adds the undiscounted return and length of each finished episode to the info of its last step, under
 * {@value #INFO_KEY}, as an {@link Episode} record. Put it <em>outside</em> {@link TimeLimit} so that it sees
 * truncation, and outside {@link ActionChunking} to count chunks (inside to count single steps).
 */
public final class EpisodeStatistics extends EnvWrapper {
    /** Info key of the {@link Episode} record. */
    public static final String INFO_KEY = "episode";

    /**
     * The summary of one finished episode.
     *
     * @param episodeReturn the sum of the episode's rewards
     * @param length        the number of steps (of this wrapper) in the episode
     */
    public record Episode(double episodeReturn, int length) {}

    private double episodeReturn;
    private int length;

    /** @param env the env whose episodes to summarise */
    public EpisodeStatistics(Env env) { super(env); }

    @Override
    public ResetResult reset(long seed) {
        ResetResult r = env.reset(seed);
        clear();
        return r;
    }

    @Override
    public ResetResult reset() {
        ResetResult r = env.reset();
        clear();
        return r;
    }

    private void clear() {
        episodeReturn = 0;
        length = 0;
    }

    @Override
    public StepResult step(double[] action) {
        StepResult r = env.step(action);
        episodeReturn += r.reward();
        length++;
        if (!r.done()) return r;
        return new StepResult(r.observation(), r.reward(), r.terminated(), r.truncated(),
                withInfo(r.info(), INFO_KEY, new Episode(episodeReturn, length)));
    }
}
