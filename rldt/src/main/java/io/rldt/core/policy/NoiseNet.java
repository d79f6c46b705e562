package io.rldt.core.policy;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Init;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.nn.TimeEmbedding;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ReinFlow's noise network σ_ψ(s, t) (baselines spec §2.2):
 * <pre>
 *   u        = tanh( MLP_[64, 64], Tanh( concat( sg[timeEmb_θ(t)], s ) ) )       ∈ (−1, 1)^D
 *   log σ²   = log σ_min² + (log σ_max² − log σ_min²)·(u + 1)/2
 *   log σ    = ½·log σ²
 * </pre>
 * {@code timeEmb_θ} is the policy's own time embedding, detached: it moves with the fine-tuned policy but no
 * gradient reaches it from here ({@link #timeFeatures}). Parameters {@code mlp.layers.*}.
 */
public final class NoiseNet extends Module {
    private final Mlp mlp;
    /** A private copy of the policy's time embedding (not a parameter of this module), refreshed before use. */
    private final TimeEmbedding policyTime;

    public NoiseNet(int obsDim, int actionDim, int timeEmbedding, int timeHidden, int hidden, Rng rng) {
        this.mlp = child("mlp", new Mlp(new int[] {timeEmbedding + obsDim, hidden, hidden, actionDim}, Activation.TANH,
                Activation.TANH, Init.torchDefault(), rng));
        this.policyTime = new TimeEmbedding(timeEmbedding, timeHidden, timeEmbedding, rng.split());
    }

    /** sg[timeEmb_θ(t)] for t [N, 1] from the current weights of {@code policy}: [N, E], off the tape. */
    public Tensor timeFeatures(VelocityNet policy, Tensor t) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        policy.namedParameters().forEach((name, p) -> {
            if (name.startsWith("time.")) weights.put(name.substring("time.".length()), p.value());
        });
        policyTime.load(weights);
        try (var ignored = Tape.noGrad()) {
            return policyTime.forward(Var.constant(t)).value();
        }
    }

    /**
     * log σ_ψ [N, D] for time features [N, E] and states [N, O], recorded on the current tape if any.
     *
     * @param sigmaMin lower bound of σ
     * @param sigmaMax upper bound of σ (scheduled by the caller)
     */
    public Var logStd(Tensor timeFeatures, Var s, double sigmaMin, double sigmaMax) {
        float lo = (float) Math.log(sigmaMin * sigmaMin), hi = (float) Math.log(sigmaMax * sigmaMax);
        Var u = mlp.forward(io.rldt.autodiff.F.concat(1, Var.constant(timeFeatures), s));
        Var logVar = u.plus(1f).scale((hi - lo) / 2f).plus(lo);
        return logVar.scale(0.5f);
    }
}
