package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * Flow-matching behaviour cloning (spec §1), with the knobs of DPPO's pretraining recipe (AdamW, a linear
 * warm-up then cosine decay of the learning rate, an EMA of the weights updated every few steps from some step
 * on; DPPO counts in epochs, we count in gradient steps).
 *
 * @param steps       gradient steps
 * @param batchSize   chunks per step
 * @param lr          peak learning rate
 * @param minLr       the cosine decay's floor (DPPO: 1e-4 under a peak of 1e-3)
 * @param warmupSteps linear warm-up steps before the cosine decay; 0 = none
 * @param weightDecay AdamW's decoupled weight decay (DPPO: 1e-6); 0 = plain Adam
 * @param emaMomentum EMA of the weights; the EMA weights become the pretrained policy; default 0.995
 * @param emaEvery    update the EMA every n steps (DPPO: 10); 1 = every step
 * @param emaStart    before this step the EMA is a copy of the weights (DPPO starts it after 20 epochs); 0 = from the start
 */
public record PretrainConfig(int steps, int batchSize, double lr, double minLr, int warmupSteps, double weightDecay,
                             double emaMomentum, int emaEvery, int emaStart) {
    public PretrainConfig {
        require(steps >= 0, "pretrain.steps", steps, "an integer >= 0");
        require(batchSize >= 1 && batchSize <= 1_000_000, "pretrain.batchSize", batchSize, "an integer in 1..1000000");
        require(lr > 0 && Double.isFinite(lr), "pretrain.lr", lr, "a positive finite learning rate");
        require(minLr > 0 && minLr <= lr && Double.isFinite(minLr), "pretrain.minLr", minLr, "a positive learning rate <= pretrain.lr (" + lr + ")");
        require(warmupSteps >= 0, "pretrain.warmupSteps", warmupSteps, "an integer >= 0");
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "pretrain.weightDecay", weightDecay, "a finite number >= 0");
        require(emaMomentum >= 0 && emaMomentum < 1, "pretrain.emaMomentum", emaMomentum, "a number in [0, 1)");
        require(emaEvery >= 1, "pretrain.emaEvery", emaEvery, "an integer >= 1");
        require(emaStart >= 0, "pretrain.emaStart", emaStart, "an integer >= 0");
    }

    /** Adam, cosine decay from {@code lr} to {@code lr/10}, EMA every step from the start (the small tasks' recipe). */
    public static PretrainConfig simple(int steps, int batchSize, double lr, double emaMomentum) {
        return new PretrainConfig(steps, batchSize, lr, lr / 10, 0, 0, emaMomentum, 1, 0);
    }

    /**
     * DPPO's Gym recipe in steps: AdamW (λ = 1e-6), peak 1e-3 with a one-epoch warm-up and a cosine decay to
     * 1e-4, batch 128, EMA 0.995 every 10 steps after the first 10% of training.
     *
     * @param stepsPerEpoch dataset size / 128
     */
    public static PretrainConfig dppo(int epochs, int stepsPerEpoch) {
        int steps = epochs * stepsPerEpoch;
        return new PretrainConfig(steps, 128, 1e-3, 1e-4, stepsPerEpoch, 1e-6, 0.995, 10, steps / 10);
    }
}
