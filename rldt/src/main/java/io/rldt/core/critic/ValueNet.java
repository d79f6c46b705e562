package io.rldt.core.critic;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.nn.ResidualMlp;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;

/**
 * The state value V(s) of the PPO family (baselines spec §2.3, §6.5; DPPO's {@code CriticObs}): a residual MLP
 * {@code Linear(O → h)}, one pre-activation Mish block of two {@code h}-wide layers, {@code Linear(h → 1)}
 * ("3×256, Mish, residual"). Parameters {@code body.layers.*}.
 */
public final class ValueNet extends Module {
    private final ResidualMlp body;

    public ValueNet(int obsDim, int hidden, Rng rng) {
        this.body = child("body", new ResidualMlp(obsDim, hidden, 1, 1, Activation.MISH, rng));
    }

    /** s [N, O] → V(s) [N, 1], recorded on the current tape if any. */
    public Var forward(Var s) {
        return body.forward(s);
    }

    /** V(s) for obs [N, O] without a tape: [N]. */
    public float[] values(Tensor obs) {
        try (var ignored = Tape.noGrad()) {
            return forward(Var.constant(obs)).value().data().clone();
        }
    }
}
