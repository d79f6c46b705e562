package io.rldt.core.demo;

import io.rldt.core.config.ConfigException;
import io.rldt.core.config.TaskConfig;
import io.rldt.core.data.Demonstrations;
import io.rldt.core.dataset.DatasetException;
import io.rldt.core.dataset.Datasets;
import io.rldt.core.dataset.StepDataset;
import io.rldt.engine.Rng;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run's demonstrations come from ({@code task.demoSource}):
 * <ul>
 *   <li>{@code mixture}: the bimodal bandit's two Gaussians (spec §8), {@code task.demoEpisodes} samples;</li>
 *   <li>{@code scripted}: the task's built-in deliberately mediocre controller, {@code task.demoEpisodes} episodes;</li>
 *   <li>a dataset path ({@code .npz}: DPPO's layout or what {@code rldt collect} writes; {@code .hdf5}/{@code .h5}:
 *       D4RL's layout), read by {@link Datasets} and checked against the env's observation and action sizes.</li>
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
            default -> {
                if (task.demoSource().equals("dataset")) {
                    throw new ConfigException("task.demoSource", "dataset", "the path of a dataset file for " + task.env()
                            + ": pass --dataset FILE (DPPO's train.npz or a D4RL .hdf5, e.g. hopper-medium-v2)");
                }
                if (!Datasets.isDatasetPath(task.demoSource()) && !Files.isRegularFile(Path.of(task.demoSource()))) {
                    throw new ConfigException("task.demoSource", task.demoSource(),
                            "mixture (BimodalBandit-v0), scripted (Pendulum-v1) or a dataset file (.npz or .hdf5)");
                }
                yield fromDataset(task, Path.of(task.demoSource()));
            }
        };
    }

    /** A dataset file as demonstrations for {@code task}: sizes checked against the env, chunks of {@code task.horizon}. */
    public static Demonstrations fromDataset(TaskConfig task, Path file) {
        StepDataset data = Datasets.load(file);
        checkAgainstEnv(task.env(), data);
        return data.toDemonstrations(task.horizon(), task.normalize());
    }

    /** Refuses a dataset recorded on a task of other observation or action sizes. */
    public static void checkAgainstEnv(String envId, StepDataset data) {
        if (!EnvRegistry.contains(envId)) return; // the Trainer reports unknown ids itself
        int o, a;
        try (Env env = EnvRegistry.make(envId)) {
            o = env.observationSpace().dim();
            a = env.actionSpace().dim();
        }
        if (o != data.obsDim() || a != data.actionDim()) {
            throw new DatasetException(data.source(), null, "observations of size " + data.obsDim() + " and actions of size "
                    + data.actionDim() + " do not fit " + envId + " (observation " + o + ", action " + a + ")");
        }
    }

    /** The built-in scripted controller of a task. */
    public static ScriptedController controllerFor(String envId) {
        if (envId.startsWith("Pendulum")) return PendulumController.mediocre();
        throw new ConfigException("task.demoSource", "scripted", "a task with a built-in controller (Pendulum-v1); "
                + envId + " has none");
    }
}
