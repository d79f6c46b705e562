package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * What the agent acts on.
 *
 * @param env              environment id in the registry, e.g. {@code "Pendulum-v1"}, {@code "BimodalBandit-v0"}
 * @param horizon          H, actions per chunk (the flow generates {@code D = H·A} numbers); default 4
 * @param maxEpisodeSteps  env steps before truncation; 0 = the registry's default for {@code env}
 * @param normalize        min-max normalise observations and actions to [-1, 1] with the dataset's statistics
 *                         (spec §1, locomotion); default true
 * @param demoEpisodes     episodes of demonstrations the built-in scripted/demonstration source collects
 * @param demoSource       where demonstrations come from: {@code "scripted"} (the task's built-in mediocre
 *                         controller), {@code "mixture"} (the bandit's two Gaussians) or a dataset path
 */
public record TaskConfig(String env, int horizon, int maxEpisodeSteps, boolean normalize, int demoEpisodes,
                         String demoSource) {
    public TaskConfig {
        require(env != null && !env.isBlank(), "task.env", env, "an environment id, e.g. Pendulum-v1");
        require(horizon >= 1, "task.horizon", horizon, "an integer >= 1");
        require(maxEpisodeSteps >= 0, "task.maxEpisodeSteps", maxEpisodeSteps, "0 (registry default) or a positive step count");
        require(demoEpisodes >= 0, "task.demoEpisodes", demoEpisodes, "an integer >= 0");
        require(demoSource != null && !demoSource.isBlank(), "task.demoSource", demoSource,
                "scripted, mixture or a dataset path");
    }
}
