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
    /** What an env id may look like (registry ids, {@code gym:ALE/Pong-v5}); {@code {a=1}} is a mistake. */
    static final java.util.regex.Pattern ENV_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}");
    /** Episodes longer than this are a typo: an evaluation episode of a never-terminating task would run for days. */
    public static final int MAX_EPISODE_STEPS = 1_000_000;

    public TaskConfig {
        require(env != null && ENV_ID.matcher(env).matches(), "task.env", env,
                "an environment id such as Pendulum-v1 or gym:Hopper-v4 (letters, digits and _ . : / -)");
        require(horizon >= 1 && horizon <= 1000, "task.horizon", horizon, "an integer in 1..1000");
        require(maxEpisodeSteps >= 0 && maxEpisodeSteps <= MAX_EPISODE_STEPS, "task.maxEpisodeSteps", maxEpisodeSteps,
                "0 (registry default) or a step count up to " + MAX_EPISODE_STEPS);
        require(demoEpisodes >= 0 && demoEpisodes <= 1_000_000, "task.demoEpisodes", demoEpisodes, "an integer in 0..1000000");
        require(demoSource != null && !demoSource.isBlank(), "task.demoSource", demoSource,
                "scripted, mixture or a dataset path");
    }
}
