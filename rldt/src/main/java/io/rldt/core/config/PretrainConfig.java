package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * Flow-matching behaviour cloning (spec §1).
 *
 * @param steps       gradient steps
 * @param batchSize   chunks per step
 * @param lr          Adam learning rate (cosine-decayed to {@code lr/10})
 * @param emaMomentum EMA of the weights; the EMA weights become the pretrained policy; default 0.995
 */
public record PretrainConfig(int steps, int batchSize, double lr, double emaMomentum) {
    public PretrainConfig {
        require(steps >= 0, "pretrain.steps", steps, "an integer >= 0");
        require(batchSize >= 1, "pretrain.batchSize", batchSize, "an integer >= 1");
        require(lr > 0, "pretrain.lr", lr, "a positive learning rate");
        require(emaMomentum >= 0 && emaMomentum < 1, "pretrain.emaMomentum", emaMomentum, "a number in [0, 1)");
    }
}
