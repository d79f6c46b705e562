package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * Actor losses and optimiser (spec §3, §6).
 *
 * @param rlWeight            weight of the transport loss L_RL; default 1
 * @param consistencyWeight   c_cons, weight of the consistency loss; default 0.5
 * @param fisherWeight        c_F, weight of the velocity-matching constraint; default 0.2
 * @param refreshReference    true (default, authors' code): v_ref ← v_θ after every iteration (a trust region);
 *                            false: v_ref stays the pretrained policy
 * @param lr                  Adam learning rate; default 2e-5
 * @param warmupSteps         linear warm-up of the learning rate, in actor steps; default 32
 * @param stepsPerRound       actor steps per update round; default 2
 * @param trajectoryStride    the actor trains on every n-th trajectory of the round's batch; default 8
 * @param startIteration      actor updates begin once the iteration index exceeds this; default 2
 */
public record ActorConfig(double rlWeight, double consistencyWeight, double fisherWeight, boolean refreshReference,
                          double lr, int warmupSteps, int stepsPerRound, int trajectoryStride, int startIteration) {
    public ActorConfig {
        require(rlWeight >= 0 && Double.isFinite(rlWeight), "actor.rlWeight", rlWeight, "a finite number >= 0");
        require(consistencyWeight >= 0 && Double.isFinite(consistencyWeight), "actor.consistencyWeight", consistencyWeight,
                "a finite number >= 0");
        require(fisherWeight >= 0 && Double.isFinite(fisherWeight), "actor.fisherWeight", fisherWeight, "a finite number >= 0");
        require(lr > 0 && Double.isFinite(lr), "actor.lr", lr, "a finite positive learning rate");
        require(warmupSteps >= 0, "actor.warmupSteps", warmupSteps, "an integer >= 0");
        require(stepsPerRound >= 0 && stepsPerRound <= 1_000_000, "actor.stepsPerRound", stepsPerRound,
                "an integer in 0..1000000");
        require(trajectoryStride >= 1, "actor.trajectoryStride", trajectoryStride, "an integer >= 1");
        require(startIteration >= -1, "actor.startIteration", startIteration, "an integer >= -1");
    }

    public static ActorConfig defaults() {
        return new ActorConfig(1.0, 0.5, 0.2, true, 2e-5, 32, 2, 8, 2);
    }
}
