package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * The critic ensemble (spec §4).
 *
 * @param ensemble           Q networks; member m trains on trajectories m, m+E, ...; default 2
 * @param hidden             width of each of the {@code layers} hidden layers; default 256
 * @param layers             hidden layers (SiLU); default 3
 * @param initStd            weights ~ N(0, initStd²), biases 0; default 0.1
 * @param targetMomentum     EMA target: target ← m·target + (1−m)·online after every critic step; default 0.995
 * @param gamma              discount per chunk step; default 0.99
 * @param lambda             TD(λ) over whole trajectories; default 0 (locomotion)
 * @param lr                 AdamW learning rate; default 1e-3
 * @param weightDecay        AdamW decoupled weight decay; default 0
 * @param bootstrapSamples   policy samples a' per next state for Q̄(s'); default 2
 * @param qMin               lower clip of the TD target; default −∞
 * @param qMax               upper clip of the TD target; default +∞
 * @param rewardScaling      divide rewards by a scale (how: {@code rewardScale}); false: rewards as they are; default true
 * @param rewardScaleRate    rate of the "ema" scale, updated once per iteration; default 0.01
 * @param truncationAsTerminal treat time-limit truncation as terminal (authors' code); default false (bootstrap)
 * @param stepsPerRound      full-batch critic steps per update round; default 32
 * @param activation         hidden activation, "silu" (RLDT) or "relu" (the QAM port's CriticObsAct); default "silu"
 * @param target             how the target networks' values combine into Q̄: "min" over members (RLDT), or
 *                           "mean-std", mean − ρ·std with the unbiased std (QAM); default "min"
 * @param rho                ρ of "mean-std"; default 0.5
 * @param rewardScale        the reward divisor: "ema" (spec §4, locomotion), an EMA of the mean |chunk reward| of the
 *                           fresh rollouts; "fixed", the constant {@code rewardScaleValue} (the authors' Robomimic
 *                           setup, for sparse rewards); "dataset", a constant set before training to the mean |chunk
 *                           reward| of the demonstrations (needs demonstrations with rewards: scripted or a dataset
 *                           file with rewards); default "ema". See docs/sparse-rewards.md
 * @param rewardScaleValue   the divisor of "fixed", in reward units per chunk (e.g. the goal bonus); default 1
 */
public record CriticConfig(int ensemble, int hidden, int layers, double initStd, double targetMomentum, double gamma,
                           double lambda, double lr, double weightDecay, int bootstrapSamples, double qMin,
                           double qMax, boolean rewardScaling, double rewardScaleRate, boolean truncationAsTerminal,
                           int stepsPerRound, String activation, String target, double rho, String rewardScale,
                           double rewardScaleValue) {
    /** The reward scale modes ({@code critic.rewardScale}). */
    public static final java.util.List<String> REWARD_SCALES = java.util.List.of("ema", "fixed", "dataset");

    /** The settings before the reward scale modes existed: the spec's EMA. */
    public CriticConfig(int ensemble, int hidden, int layers, double initStd, double targetMomentum, double gamma,
                        double lambda, double lr, double weightDecay, int bootstrapSamples, double qMin,
                        double qMax, boolean rewardScaling, double rewardScaleRate, boolean truncationAsTerminal,
                        int stepsPerRound, String activation, String target, double rho) {
        this(ensemble, hidden, layers, initStd, targetMomentum, gamma, lambda, lr, weightDecay, bootstrapSamples, qMin,
                qMax, rewardScaling, rewardScaleRate, truncationAsTerminal, stepsPerRound, activation, target, rho, "ema", 1.0);
    }

    /** The settings before activation, target and ρ existed: SiLU, min, ρ = 0.5. */
    public CriticConfig(int ensemble, int hidden, int layers, double initStd, double targetMomentum, double gamma,
                        double lambda, double lr, double weightDecay, int bootstrapSamples, double qMin,
                        double qMax, boolean rewardScaling, double rewardScaleRate, boolean truncationAsTerminal,
                        int stepsPerRound) {
        this(ensemble, hidden, layers, initStd, targetMomentum, gamma, lambda, lr, weightDecay, bootstrapSamples, qMin,
                qMax, rewardScaling, rewardScaleRate, truncationAsTerminal, stepsPerRound, "silu", "min", 0.5);
    }

    public CriticConfig {
        require("silu".equals(activation) || "relu".equals(activation), "critic.activation", activation, "\"silu\" or \"relu\"");
        require("min".equals(target) || "mean-std".equals(target), "critic.target", target, "\"min\" or \"mean-std\"");
        require(rho >= 0 && Double.isFinite(rho), "critic.rho", rho, "a finite number >= 0");
        require(REWARD_SCALES.contains(rewardScale), "critic.rewardScale", rewardScale,
                "\"ema\" (EMA of the rollouts' mean |r|), \"fixed\" (divide by critic.rewardScaleValue) or \"dataset\" "
                        + "(the demonstrations' mean |chunk reward|)");
        require(rewardScaleValue > 0 && Double.isFinite(rewardScaleValue), "critic.rewardScaleValue", rewardScaleValue,
                "a finite number > 0 (the reward divisor of rewardScale = \"fixed\")");
        require(ensemble >= 1 && ensemble <= 256, "critic.ensemble", ensemble, "an integer in 1..256");
        require(hidden >= 1 && hidden <= PolicyConfig.MAX_WIDTH, "critic.hidden", hidden,
                "an integer in 1.." + PolicyConfig.MAX_WIDTH);
        require(layers >= 1 && layers <= 64, "critic.layers", layers, "an integer in 1..64");
        require(initStd > 0 && Double.isFinite(initStd), "critic.initStd", initStd, "a finite positive standard deviation");
        require(targetMomentum >= 0 && targetMomentum <= 1, "critic.targetMomentum", targetMomentum, "a number in [0, 1]");
        require(gamma >= 0 && gamma <= 1, "critic.gamma", gamma, "a number in [0, 1]");
        require(lambda >= 0 && lambda <= 1, "critic.lambda", lambda, "a number in [0, 1]");
        require(lr > 0 && Double.isFinite(lr), "critic.lr", lr, "a finite positive learning rate");
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "critic.weightDecay", weightDecay, "a finite number >= 0");
        require(bootstrapSamples >= 1 && bootstrapSamples <= 1024, "critic.bootstrapSamples", bootstrapSamples,
                "an integer in 1..1024");
        // A clip to -inf from above (or +inf from below) would clamp every target to an infinity.
        require(!Double.isNaN(qMin) && qMin != Double.POSITIVE_INFINITY, "critic.qMin", qMin, "a number or -inf (no lower clip)");
        require(!Double.isNaN(qMax) && qMax != Double.NEGATIVE_INFINITY, "critic.qMax", qMax, "a number or inf (no upper clip)");
        require(qMin < qMax, "critic.qMax", qMax, "a number > critic.qMin (" + qMin + ")");
        require(rewardScaleRate > 0 && rewardScaleRate <= 1, "critic.rewardScaleRate", rewardScaleRate, "a number in (0, 1]");
        require(stepsPerRound >= 0 && stepsPerRound <= 1_000_000, "critic.stepsPerRound", stepsPerRound,
                "an integer in 0..1000000");
    }

    /** Scalar parameters of the hidden-to-hidden layers of all members (input and output layers: env-sized). */
    long bodyParameters() {
        return (long) ensemble * (layers - 1) * ((long) hidden * hidden + hidden);
    }

    /** This config with TD(λ) parameter {@code newLambda}. */
    public CriticConfig withLambda(double newLambda) {
        return new CriticConfig(ensemble, hidden, layers, initStd, targetMomentum, gamma, newLambda, lr, weightDecay,
                bootstrapSamples, qMin, qMax, rewardScaling, rewardScaleRate, truncationAsTerminal, stepsPerRound,
                activation, target, rho, rewardScale, rewardScaleValue);
    }

    public static CriticConfig defaults() {
        return new CriticConfig(2, 256, 3, 0.1, 0.995, 0.99, 0.0, 1e-3, 0.0, 2,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true, 0.01, false, 32, "silu", "min", 0.5, "ema", 1.0);
    }

}
