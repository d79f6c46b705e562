package io.rldt.envs;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How to build a registered env: a factory plus Gymnasium's registration metadata.
 *
 * @param factory         builds a fresh, un-reset env on every call (never a shared instance)
 * @param maxEpisodeSteps the {@code TimeLimit} that {@link EnvRegistry#make(String)} applies; 0 for none
 * @param rewardThreshold the return at which the task counts as solved; {@code NaN} when it has none
 */
public record EnvSpec(Supplier<? extends Env> factory, int maxEpisodeSteps, double rewardThreshold) {
    /** Validates the fields. */
    public EnvSpec {
        Objects.requireNonNull(factory, "factory");
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("EnvSpec: maxEpisodeSteps is " + maxEpisodeSteps + ", expected >= 0 (0 = no limit)");
        }
    }

    /** A spec without time limit or reward threshold. */
    public static EnvSpec of(Supplier<? extends Env> factory) { return new EnvSpec(factory, 0, Double.NaN); }

    /** A spec with a time limit and no reward threshold. */
    public static EnvSpec of(Supplier<? extends Env> factory, int maxEpisodeSteps) {
        return new EnvSpec(factory, maxEpisodeSteps, Double.NaN);
    }

    /** This spec with the given reward threshold. */
    public EnvSpec withRewardThreshold(double threshold) { return new EnvSpec(factory, maxEpisodeSteps, threshold); }

    /** True when the spec has a time limit. */
    public boolean hasTimeLimit() { return maxEpisodeSteps > 0; }
}
