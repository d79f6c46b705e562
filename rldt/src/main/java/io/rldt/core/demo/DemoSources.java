package io.rldt.core.demo;

import io.rldt.core.config.ConfigException;
import io.rldt.core.config.TaskConfig;
import io.rldt.core.data.Demonstrations;
import io.rldt.engine.Rng;

/**
 * Where a run's demonstrations come from ({@code task.demoSource}):
 * <ul>
 *   <li>{@code mixture}: the bimodal bandit's two Gaussians (spec §8), {@code task.demoEpisodes} samples;</li>
 *   <li>{@code scripted}: the task's built-in deliberately mediocre controller, {@code task.demoEpisodes} episodes.</li>
 * </ul>
 */
public final class DemoSources {
    private DemoSources() {}

    public static Demonstrations load(TaskConfig task, long seed) {
        return switch (task.demoSource()) {
            case "mixture" -> {
                if (!task.env().startsWith("BimodalBandit")) {
                    throw new ConfigException("task.demoSource", "mixture", "scripted for " + task.env()
                            + " (mixture demonstrations exist only for BimodalBandit-v0)");
                }
                yield BanditDemonstrations.sample(task.demoEpisodes(), new Rng(seed));
            }
            case "scripted" -> ScriptedDemonstrations.collect(task.env(), controllerFor(task.env()), task.demoEpisodes(),
                    task.horizon(), task.normalize(), seed).data();
            default -> throw new ConfigException("task.demoSource", task.demoSource(),
                    "mixture (BimodalBandit-v0) or scripted (Pendulum-v1)");
        };
    }

    /** The built-in scripted controller of a task. */
    public static ScriptedController controllerFor(String envId) {
        if (envId.startsWith("Pendulum")) return PendulumController.mediocre();
        throw new ConfigException("task.demoSource", "scripted", "a task with a built-in controller (Pendulum-v1); "
                + envId + " has none");
    }
}
