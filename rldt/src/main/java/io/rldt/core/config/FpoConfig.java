package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * FPO++'s ratio from CFM-loss differences (baselines spec §4.2, Gym preset §4.4).
 *
 * @param mcSamples      N_mc pairs (ε_i, τ_i) stored per executed action; default 16
 * @param tauBeta        τ ~ Beta(1, β_τ) mapped into [tauMin, tauMax]; 1 = uniform
 * @param tauMin         lower end of τ (the endpoints blow the loss up); default 0.005
 * @param tauMax         upper end of τ; default 0.995
 * @param lossClamp      ℓ_old and ℓ_θ are clamped at this; default 20
 * @param negativeClamp  ℓ_θ clamped at this where A < 0; default 20
 * @param deltaCap       Δ = ℓ_old − ℓ_θ capped at this, straight-through (value capped, gradient identity); default 10
 * @param actionNoise    std of the perturbation added to executed (and stored) actions; default 0.02
 * @param trustRegion    {@code aspo}: PPO clip for A > 0, SPO quadratic for A ≤ 0; {@code ppo}: PPO clip for all
 * @param advantageClamp advantages, normalised over the whole rollout, are clamped to ±this; default 100
 */
public record FpoConfig(int mcSamples, double tauBeta, double tauMin, double tauMax, double lossClamp,
                        double negativeClamp, double deltaCap, double actionNoise, String trustRegion,
                        double advantageClamp) {
    public FpoConfig {
        require(mcSamples >= 1 && mcSamples <= 4096, "fpo.mcSamples", mcSamples, "an integer in 1..4096");
        require(tauBeta > 0 && Double.isFinite(tauBeta), "fpo.tauBeta", tauBeta, "a positive finite number");
        require(tauMin >= 0 && tauMin < tauMax && tauMax <= 1, "fpo.tauMin", tauMin, "0 <= fpo.tauMin < fpo.tauMax (" + tauMax + ") <= 1");
        require(lossClamp > 0, "fpo.lossClamp", lossClamp, "a positive number");
        require(negativeClamp > 0, "fpo.negativeClamp", negativeClamp, "a positive number");
        require(deltaCap > 0, "fpo.deltaCap", deltaCap, "a positive number");
        require(actionNoise >= 0 && Double.isFinite(actionNoise), "fpo.actionNoise", actionNoise, "a finite std >= 0");
        require("aspo".equals(trustRegion) || "ppo".equals(trustRegion), "fpo.trustRegion", trustRegion, "aspo or ppo");
        require(advantageClamp > 0, "fpo.advantageClamp", advantageClamp, "a positive number");
    }
}
