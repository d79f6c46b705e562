package io.rldt.core.demo;

import io.rldt.core.config.ConfigException;
import io.rldt.core.config.TaskConfig;
import io.rldt.core.data.Demonstrations;
import io.rldt.core.data.RewardScaler;
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
 *   <li>{@code scripted}: the task's built-in deliberately mediocre controller ({@link PendulumController},
 *       {@link MountainCarController}), {@code task.demoEpisodes} episodes;</li>
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
                    throw new ConfigException("task.demoSource", "mixture", sourcesFor(task.env())
                            + " (mixture demonstrations exist only for BimodalBandit-v0)");
                }
                yield BanditDemonstrations.sample(task.demoEpisodes(), new Rng(seed));
            }
            case "scripted" -> ScriptedDemonstrations.collect(task.env(), controllerFor(task.env()), task.demoEpisodes(),
                    task.horizon(), task.normalize(), seed).data();
            default -> fromDataset(task, datasetFile(task));
        };
    }

    /** The dataset file {@code task.demoSource} names (neither "mixture" nor "scripted"), checked to be one. */
    private static Path datasetFile(TaskConfig task) {
        if (task.demoSource().equals("dataset")) {
            throw new ConfigException("task.demoSource", "dataset", "the path of a dataset file for " + task.env()
                    + ": " + HOW_TO_DATASET);
        }
        if (!Datasets.isDatasetPath(task.demoSource()) && !Files.isRegularFile(Path.of(task.demoSource()))) {
            throw new ConfigException("task.demoSource", task.demoSource(), "an existing dataset file (.npz or .hdf5) "
                    + "or a built-in source; here " + sourcesFor(task.env()));
        }
        return Path.of(task.demoSource());
    }

    /**
     * The mean absolute chunk reward of the demonstrations {@link #load} gives for the same {@code task} and
     * {@code seed} ({@link RewardScaler#meanAbsChunkReward}, chunks of {@code task.horizon} steps): the divisor of
     * {@code critic.rewardScale = "dataset"}. Scripted demonstrations are rolled out again (same seed, same
     * episodes); a dataset file must hold rewards.
     */
    public static double meanAbsChunkReward(TaskConfig task, long seed) {
        return switch (task.demoSource()) {
            case "mixture" -> throw new ConfigException("critic.rewardScale", "dataset",
                    "\"ema\" or \"fixed\" for " + task.env() + ": mixture demonstrations carry no rewards");
            case "scripted" -> {
                ScriptedDemonstrations.Collected c = ScriptedDemonstrations.collect(task.env(), controllerFor(task.env()),
                        task.demoEpisodes(), task.horizon(), task.normalize(), seed);
                yield RewardScaler.meanAbsChunkReward(c.rewards(), c.episodeLengths(), task.horizon());
            }
            default -> {
                StepDataset data = Datasets.load(datasetFile(task));
                if (data.rewards() == null) {
                    throw new ConfigException("critic.rewardScale", "dataset", "\"ema\" or \"fixed\": the demonstrations "
                            + data.source() + " hold no rewards");
                }
                yield RewardScaler.meanAbsChunkReward(data.rewards(), data.lengths(), task.horizon());
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

    /** Whether {@link #controllerFor} has a controller for the task. */
    public static boolean hasController(String envId) {
        return envId.startsWith("Pendulum") || envId.startsWith("MountainCarContinuous");
    }

    /** The built-in scripted controller of a task. */
    public static ScriptedController controllerFor(String envId) {
        if (envId.startsWith("Pendulum")) return PendulumController.mediocre();
        if (envId.startsWith("MountainCarContinuous")) return MountainCarController.mediocre();
        throw new ConfigException("task.demoSource", "scripted", sourcesFor(envId)
                + " (" + envId + " has no built-in controller; Pendulum-v1 and MountainCarContinuous-v0 have one)");
    }

    /** How to give a task without built-in demonstrations a dataset file (or skip pretraining), for error messages. */
    static final String HOW_TO_DATASET = "pass --dataset FILE, an .npz with states [N, O], actions [N, A] and "
            + "traj_lengths [T] (np.savez; rewards [N] and terminals [N] optional) or a D4RL-layout .hdf5; "
            + "`rldt collect --policy POLICY -o FILE.hdf5` records one from a SAC snapshot or a flow policy (docs/datasets.md); "
            + "or skip pretraining with --pretrained FILE";

    /**
     * The demonstrations a task can have, in one phrase for error messages: the way out of every dead end of
     * {@code task.demoSource} (the built-in source where the task has one, otherwise a dataset file).
     */
    static String sourcesFor(String envId) {
        if (envId.startsWith("BimodalBandit")) return "\"mixture\" for " + envId;
        if (hasController(envId)) return "\"scripted\" for " + envId;
        return "a dataset file for " + envId + ": " + HOW_TO_DATASET;
    }
}
