package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * The QAM port's actor (baselines spec §5: adjoint matching toward π_ref·exp(β·Q), the RLDT repository's
 * {@code ft_qam_flowmatching_mlp} defaults). Used when {@code algorithm = "qam"}; the critic, loop, actor
 * learning rate, warm-up and step counts come from the other sections (see {@link RldtConfig#asQam}).
 *
 * @param inverseTemperature β: the adjoint starts at {@code −β·∇ₐQ}; default 0.3
 * @param klWeight           weight of the anchor {@code ‖v_θ(x', t) − v_ref(x', t)‖²}; default 0.2
 * @param referenceEma       once per iteration {@code v_ref ← m·v_ref + (1 − m)·v_θ}; default 0.995
 * @param clipAdjoint        read ∇ₐQ at x_K clipped to the action box (the port's {@code clip_adj}, ±1 in its
 *                           normalised action space), with zero gradient where the clip is active; default true
 * @param gradClip           global gradient-norm clip of the actor step (0 = none); default 1.0
 * @param criticWarmupSteps  critic steps of the run's very first round (the port's 1024-step first sub-round,
 *                           one iteration's critic budget): −1 = one iteration's worth, {@code loop.rounds ×
 *                           critic.stepsPerRound}; 0 = no warm-up (the first round takes its usual steps); default −1
 */
public record QamConfig(double inverseTemperature, double klWeight, double referenceEma, boolean clipAdjoint,
                        double gradClip, int criticWarmupSteps) {
    public QamConfig {
        require(inverseTemperature >= 0 && Double.isFinite(inverseTemperature), "qam.inverseTemperature",
                inverseTemperature, "a finite number >= 0");
        require(klWeight >= 0 && Double.isFinite(klWeight), "qam.klWeight", klWeight, "a finite number >= 0");
        require(referenceEma >= 0 && referenceEma <= 1, "qam.referenceEma", referenceEma, "a number in [0, 1]");
        require(gradClip >= 0 && Double.isFinite(gradClip), "qam.gradClip", gradClip, "a finite number >= 0 (0: no clip)");
        require(criticWarmupSteps >= -1 && criticWarmupSteps <= 1_000_000, "qam.criticWarmupSteps", criticWarmupSteps,
                "-1 (one iteration's critic steps), 0 (none) or a step count up to 1000000");
    }

    /** Without the first-round critic warm-up field (defaults to −1, the port's). */
    public QamConfig(double inverseTemperature, double klWeight, double referenceEma, boolean clipAdjoint, double gradClip) {
        this(inverseTemperature, klWeight, referenceEma, clipAdjoint, gradClip, -1);
    }

    /** Critic steps of the run's first round, {@code criticWarmupSteps} resolved against the loop and critic. */
    public int firstRoundCriticSteps(int rounds, int stepsPerRound) {
        return criticWarmupSteps < 0 ? rounds * stepsPerRound : criticWarmupSteps == 0 ? stepsPerRound : criticWarmupSteps;
    }

    public static QamConfig defaults() {
        return new QamConfig(0.3, 0.2, 0.995, true, 1.0, -1);
    }
}
