package io.rldt.core.train;

import io.rldt.core.config.TaskConfig;
import io.rldt.core.data.NormalizationStats;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.wrappers.ActionChunking;
import io.rldt.envs.wrappers.NormalizeAction;
import io.rldt.envs.wrappers.NormalizeObservation;
import java.util.function.Supplier;

/**
 * Builds the env the agent sees: the registered task with its time limit, min-max normalisation of
 * observations and actions with the dataset's statistics (when enabled), and action chunking on top, so one
 * agent step executes a whole chunk of H actions.
 */
public final class TaskEnvs {
    private TaskEnvs() {}

    public static Env make(TaskConfig task, NormalizationStats stats) {
        Env env = task.maxEpisodeSteps() > 0 ? EnvRegistry.make(task.env(), task.maxEpisodeSteps())
                : EnvRegistry.make(task.env());
        if (stats.enabled()) {
            env = new NormalizeAction(env, stats.actionMin(), stats.actionMax());
            env = new NormalizeObservation(env, stats.obsMin(), stats.obsMax());
        }
        return new ActionChunking(env, task.horizon());
    }

    /**
     * {@code [low, high]}, each [D] floats: the box of the chunks the agent executes (its clipping bounds), read
     * from the wrapped env's action space.
     */
    public static float[][] actionBounds(TaskConfig task, NormalizationStats stats) {
        try (Env probe = make(task, stats)) {
            double[] lo = probe.actionSpace().low(), hi = probe.actionSpace().high();
            float[][] out = new float[2][lo.length];
            for (int i = 0; i < lo.length; i++) {
                out[0][i] = (float) lo[i];
                out[1][i] = (float) hi[i];
            }
            return out;
        }
    }

    public static Supplier<Env> factory(TaskConfig task, NormalizationStats stats) {
        return () -> make(task, stats);
    }
}
