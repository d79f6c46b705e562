package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * The PPO machinery the three on-policy baselines share (baselines spec §2.3, §3.3, §4.2; §6.4, §6.6, §6.7).
 *
 * @param epochs               passes over the iteration's samples; default 5
 * @param minibatchSize        samples per gradient step (states; (state, k) pairs for Flow-DPPO); the paper's 50,000
 *                             is GPU-sized, CPU presets use a smaller one
 * @param minibatches          when > 0, split each epoch into this many minibatches instead (FPO++: 10); 0 = use
 *                             {@code minibatchSize}
 * @param repeatSamples        every state repeated this often in the epoch's dataset (ReinFlow: 10); 1 = none
 * @param clipRatio            ε of the PPO clip (and of FPO++'s trust region); default 0.01
 * @param targetKl             stop the epochs when approx-KL {@code mean((ρ−1) − log ρ)} exceeds this; default 1.0
 * @param gamma                discount per chunk step; default 0.99
 * @param lambda               GAE λ; default 0.95
 * @param valueCoef            c_v of the value loss ({@code c_v·½·mean(V − R)²}; FPO++ without the ½)
 * @param entropyCoef          c_ent of ReinFlow's entropy bonus; default 0.03
 * @param actorLr              actor learning rate: the schedule's peak, reached at the end of each warm-up
 * @param actorMinLr           the actor's rate at the start of each warm-up and the cosine's floor
 * @param actorWeightDecay     AdamW's decoupled weight decay of the actor
 * @param criticLr             V(s) learning rate (peak)
 * @param criticMinLr          V(s)'s warm-up start and cosine floor
 * @param criticWeightDecay    AdamW's decoupled weight decay of V(s)
 * @param lrWarmupIterations   W: the first W iterations of every cycle ramp the rate linearly from the min rate up to
 *                             the peak; 0..lrCycleIterations − 1; default 10
 * @param lrCycleIterations    the cycle length in iterations, warm-up included (DPPO's {@code first_cycle_steps}):
 *                             after the warm-up a cosine falls from the peak toward the min rate over the remaining
 *                             {@code cycle − W} iterations, then the cycle restarts from the min rate. The schedule
 *                             is CosineAnnealingWarmupRestarts (cycle_mult 1, gamma 1; {@code
 *                             Schedules.warmupCosineRestarts}), stepped once per training iteration (evaluation-only
 *                             iterations do not count). V(s) is at index {@code i} in training iteration {@code i};
 *                             the actor's schedule starts with the actor, at index {@code i − loop.criticWarmupIterations}
 *                             (the reference code steps it only after the critic warm-up). ReinFlow (RLDT's copy): W 10,
 *                             cycle 20, restarting; DPPO: W 10, cycle 1000 with min = peak, a constant rate
 * @param maxGradNorm          clip the global gradient norm (FPO++: 1.0); 0 = no clipping
 * @param rewardScaling        divide rewards by the running std of the discounted return (clip ±10; DPPO's scaler)
 * @param truncationAsTerminal treat time-limit truncations as terminal in GAE (the old-gym parity switch); default false
 * @param valueHidden          width of V(s)'s residual MLP (3 layers, Mish); default 256
 */
public record PpoConfig(int epochs, int minibatchSize, int minibatches, int repeatSamples, double clipRatio,
                        double targetKl, double gamma, double lambda, double valueCoef, double entropyCoef,
                        double actorLr, double actorMinLr, double actorWeightDecay, double criticLr, double criticMinLr,
                        double criticWeightDecay, int lrWarmupIterations, int lrCycleIterations, double maxGradNorm,
                        boolean rewardScaling, boolean truncationAsTerminal, int valueHidden) {
    public PpoConfig {
        require(epochs >= 1 && epochs <= 10_000, "ppo.epochs", epochs, "an integer in 1..10000");
        require(minibatchSize >= 1, "ppo.minibatchSize", minibatchSize, "an integer >= 1");
        require(minibatches >= 0 && minibatches <= 100_000, "ppo.minibatches", minibatches, "0 (use minibatchSize) or an integer up to 100000");
        require(repeatSamples >= 1 && repeatSamples <= 1000, "ppo.repeatSamples", repeatSamples, "an integer in 1..1000");
        require(clipRatio > 0 && clipRatio < 1, "ppo.clipRatio", clipRatio, "a number in (0, 1)");
        require(targetKl > 0, "ppo.targetKl", targetKl, "a positive number (inf = never stop early)");
        require(gamma >= 0 && gamma <= 1, "ppo.gamma", gamma, "a number in [0, 1]");
        require(lambda >= 0 && lambda <= 1, "ppo.lambda", lambda, "a number in [0, 1]");
        require(valueCoef >= 0 && Double.isFinite(valueCoef), "ppo.valueCoef", valueCoef, "a finite number >= 0");
        require(entropyCoef >= 0 && Double.isFinite(entropyCoef), "ppo.entropyCoef", entropyCoef, "a finite number >= 0");
        require(actorLr >= 0 && Double.isFinite(actorLr), "ppo.actorLr", actorLr, "a finite learning rate >= 0");
        require(actorMinLr >= 0 && actorMinLr <= actorLr, "ppo.actorMinLr", actorMinLr, "a learning rate in [0, ppo.actorLr (" + actorLr + ")]");
        require(actorWeightDecay >= 0 && Double.isFinite(actorWeightDecay), "ppo.actorWeightDecay", actorWeightDecay, "a finite number >= 0");
        require(criticLr >= 0 && Double.isFinite(criticLr), "ppo.criticLr", criticLr, "a finite learning rate >= 0");
        require(criticMinLr >= 0 && criticMinLr <= criticLr, "ppo.criticMinLr", criticMinLr, "a learning rate in [0, ppo.criticLr (" + criticLr + ")]");
        require(criticWeightDecay >= 0 && Double.isFinite(criticWeightDecay), "ppo.criticWeightDecay", criticWeightDecay, "a finite number >= 0");
        require(lrCycleIterations >= 1, "ppo.lrCycleIterations", lrCycleIterations, "an integer >= 1 (the cycle, warm-up included)");
        require(lrWarmupIterations >= 0 && lrWarmupIterations < lrCycleIterations, "ppo.lrWarmupIterations", lrWarmupIterations,
                "an integer in 0.." + (lrCycleIterations - 1) + " (below ppo.lrCycleIterations, which includes the warm-up)");
        require(maxGradNorm >= 0 && Double.isFinite(maxGradNorm), "ppo.maxGradNorm", maxGradNorm, "0 (off) or a positive norm");
        require(valueHidden >= 1 && valueHidden <= PolicyConfig.MAX_WIDTH, "ppo.valueHidden", valueHidden, "an integer in 1.." + PolicyConfig.MAX_WIDTH);
    }
}
