package io.rldt.core.critic;

import io.rldt.core.config.CriticConfig;
import io.rldt.core.data.CriticBatch;
import io.rldt.core.data.Trajectory;
import io.rldt.engine.Metrics;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The critic half of one update round (spec §4), shared by the trajectory-buffer methods (RLDT and the QAM port,
 * whose critic "is RLDT's"):
 * <pre>
 *   a' ~ π(·|s_{t+1}), {@code bootstrapSamples} per next state, drawn once per round
 *   repeat stepsPerRound times:
 *     Q̄(s_{t+1}) = clip( mean_{a'} T(s_{t+1}, a'), q_min, q_max ),  T = min_e Q_e^target  or  mean − ρ·std
 *     y_t        = r_t/scale + γ(1 − d_t)[(1 − λ)·Q̄(s_{t+1}) + λ·y_{t+1}]    (whole trajectories)
 *     L_Q,m      = mean_t (Q_m(s_t, a_t) − y_t)²   over member m's groups m, m + M, ...; one AdamW step; EMA targets
 * </pre>
 * TD targets are recomputed every step because the target networks move after each one.
 */
public final class CriticRound {
    private CriticRound() {}

    /** Bootstrap actions for next states: {@code [N, O] → [N, D]}, drawn from the policy being trained. */
    @FunctionalInterface
    public interface BootstrapSampler {
        Tensor sample(Tensor nextObservations, Rng rng);
    }

    /**
     * @param batch     the round's groups, in the round's order
     * @param scale     the reward divisor (the reward scaler's current value)
     * @param microRows critic forward/backward in chunks of this many rows (0 = whole batch): bounded memory
     * @return {@code critic/loss}, {@code critic/q_mean}, {@code critic/target_mean} (means over the round's
     *         steps), {@code critic/reward_scale} and {@code time/bootstrap_s}
     */
    public static Map<String, Double> run(CriticEnsemble critic, CriticConfig cfg, List<List<Trajectory>> batch,
                                          double scale, int microRows, BootstrapSampler sampler, Rng rng) {
        return run(critic, cfg, cfg.stepsPerRound(), batch, scale, microRows, sampler, rng);
    }

    /** As above with {@code steps} critic steps instead of {@code cfg.stepsPerRound()} (QAM's first-round warm-up). */
    public static Map<String, Double> run(CriticEnsemble critic, CriticConfig cfg, int steps, List<List<Trajectory>> batch,
                                          double scale, int microRows, BootstrapSampler sampler, Rng rng) {
        int bootstrap = cfg.bootstrapSamples();
        CriticBatch b = CriticBatch.of(batch, critic.members(), critic.obsDim(), critic.actionDim(), scale);
        Tensor[] inputs = new Tensor[b.members()];                      // member m: [N_m, O + D]
        for (int m = 0; m < inputs.length; m++) inputs[m] = critic.inputs(b.observations(m), b.actions(m));

        Tensor next = b.nextObservations(bootstrap);                    // [bootstrap·N, O]
        long tb = System.nanoTime();
        Tensor nextInputs = critic.inputs(next, sampler.sample(next, rng));
        double bootstrapSeconds = (System.nanoTime() - tb) / 1e9;

        double lossSum = 0, qSum = 0, ySum = 0;
        for (int step = 0; step < steps; step++) {
            Tensor qBar = b.bootstrapValues(critic.targetValues(nextInputs, microRows), bootstrap, cfg.qMin(), cfg.qMax());
            Tensor[] y = b.tdTargets(qBar, cfg.gamma(), cfg.lambda(), cfg.truncationAsTerminal());
            ySum = Metrics.sum(ySum, y);
            CriticEnsemble.StepStats s = critic.step(inputs, y, microRows);
            lossSum += s.loss();
            qSum += s.qMean();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        if (steps > 0) {
            out.put("critic/loss", lossSum / steps);
            out.put("critic/q_mean", qSum / steps);
            out.put("critic/target_mean", ySum / ((double) steps * Math.max(1, b.rows())));
        }
        out.put("critic/reward_scale", scale);
        out.put("time/bootstrap_s", bootstrapSeconds);
        return out;
    }
}
