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
        require(denoisingSteps >= 1 && denoisingSteps <= 1000, "policy.denoisingSteps", denoisingSteps, "an integer in 1..1000");
        require(hidden >= 1 && hidden <= MAX_WIDTH, "policy.hidden", hidden, "an integer in 1.." + MAX_WIDTH);
        require(residualBlocks >= 0 && residualBlocks <= 64, "policy.residualBlocks", residualBlocks, "an integer in 0..64");
        require(timeEmbedding >= 2 && timeEmbedding <= MAX_WIDTH && timeEmbedding % 2 == 0, "policy.timeEmbedding",
                timeEmbedding, "an even integer in 2.." + MAX_WIDTH);
        require(timeHidden >= 1 && timeHidden <= MAX_WIDTH, "policy.timeHidden", timeHidden, "an integer in 1.." + MAX_WIDTH);
    }

    /**
     * The widest layer any network accepts: a 16384² weight matrix is 1 GiB of float32 before gradients and
     * optimiser state; anything wider is a typo, not an experiment on this engine.
     */
    public static final int MAX_WIDTH = 16_384;

    /** Scalar parameters of the residual body and time embedding (input and output layers excluded: env-sized). */
    long bodyParameters() {
        return 2L * residualBlocks * ((long) hidden * hidden + hidden) + (long) timeEmbedding * timeHidden
                + (long) timeHidden * timeEmbedding + 2L * hidden;
    }

    public static PolicyConfig defaults() {
        return new PolicyConfig(8, 512, 1, 16, 32, true);
    }
}
