package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * The flow policy v_θ(x, t, s) (spec §1).
 *
 * @param denoisingSteps  K, Euler steps from noise (t = 0) to action (t = 1); default 8
 * @param hidden          width of the residual body; default 512
 * @param residualBlocks  pre-activation residual blocks of two {@code hidden}-wide layers; default 1
 * @param timeEmbedding   width of the sinusoidal embedding and of the embedding MLP's output; default 16
 * @param timeHidden      hidden width of the time-embedding MLP; default 32
 * @param deterministicEval evaluation samples from x₀ = 0 (spec: locomotion); default true
 */
public record PolicyConfig(int denoisingSteps, int hidden, int residualBlocks, int timeEmbedding, int timeHidden,
                           boolean deterministicEval) {
    public PolicyConfig {
        require(denoisingSteps >= 1, "policy.denoisingSteps", denoisingSteps, "an integer >= 1");
        require(hidden >= 1, "policy.hidden", hidden, "an integer >= 1");
        require(residualBlocks >= 0, "policy.residualBlocks", residualBlocks, "an integer >= 0");
        require(timeEmbedding >= 2 && timeEmbedding % 2 == 0, "policy.timeEmbedding", timeEmbedding, "an even integer >= 2");
        require(timeHidden >= 1, "policy.timeHidden", timeHidden, "an integer >= 1");
    }

    public static PolicyConfig defaults() {
        return new PolicyConfig(8, 512, 1, 16, 32, true);
    }
}
