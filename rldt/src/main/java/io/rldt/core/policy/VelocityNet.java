package io.rldt.core.policy;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.nn.ResidualMlp;
import io.rldt.autodiff.nn.TimeEmbedding;
import io.rldt.core.config.PolicyConfig;
import io.rldt.engine.Rng;

/**
 * The velocity network v_θ(x, t, s) of spec §1: input {@code concat(x [D], timeEmb(t), s [O])}, a residual
 * ReLU body, output {@code [D]}, no output activation. Parameter names: {@code time.fc1.*}, {@code time.fc2.*},
 * {@code body.layers.*} (stable; checkpoints depend on them).
 *
 * <p>{@link #forward} is the whole definition. Sampling uses an equivalent faster evaluation of the first layer
 * along a chain ({@link ChainEvaluation}: the observation term once per chain, the time term once per distinct
 * time); it lives in its own class and is tested against {@link #forward}.
 */
public final class VelocityNet extends Module {
    private final TimeEmbedding time;
    private final ResidualMlp body;
    private final int obsDim;
    private final int actionDim;
    private final int timeDim;

    public VelocityNet(int obsDim, int actionDim, PolicyConfig cfg, Rng rng) {
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.timeDim = cfg.timeEmbedding();
        this.time = child("time", new TimeEmbedding(cfg.timeEmbedding(), cfg.timeHidden(), cfg.timeEmbedding(), rng));
        int in = actionDim + cfg.timeEmbedding() + obsDim;
        this.body = child("body", new ResidualMlp(in, cfg.hidden(), actionDim, cfg.residualBlocks(),
                Activation.RELU, rng));
    }

    /**
     * {@code v_θ(x, t, s) = body(concat(x, timeEmb(t), s))}. Chains and actor losses use at most K distinct times,
     * so each distinct time is embedded once and its row gathered (differentiably: the same values and gradients).
     *
     * @param x [N, D] noisy action chunk
     * @param t [N, 1] flow time in [0, 1]
     * @param s [N, O] observation
     * @return [N, D] velocity
     */
    public Var forward(Var x, Var t, Var s) {
        return body.forward(F.concat(1, x, DistinctTimes.embed(time, t), s));
    }

    /** {@code body(concat(x, timeEmb(t), s))} without the distinct-time gather: the reference for tests. */
    Var forwardConcat(Var x, Var t, Var s) {
        return body.forward(F.concat(1, x, time.forward(t), s));
    }

    TimeEmbedding timeEmbedding() { return time; }

    ResidualMlp body() { return body; }

    int timeDim() { return timeDim; }

    public int obsDim() { return obsDim; }

    public int actionDim() { return actionDim; }
}
