package io.rldt.core.policy;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.nn.ResidualMlp;
import io.rldt.autodiff.nn.TimeEmbedding;
import io.rldt.core.config.PolicyConfig;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The velocity network v_θ(x, t, s) of spec §1: input {@code concat(x [D], timeEmb(t), s [O])}, a residual
 * ReLU body, output {@code [D]}, no output activation. Parameter names: {@code time.fc1.*}, {@code time.fc2.*},
 * {@code body.layers.*} (stable; checkpoints depend on them).
 *
 * <p>The first layer is computed in parts over column slices of its one weight W = [W_x | W_t | W_s]:
 * {@code x·W_xᵀ + timeEmb(t)·W_tᵀ + (s·W_sᵀ + b)}, which is the concatenated product up to float rounding.
 * The observation term is the same at every Euler step of a chain, so {@link #condition} computes it once and
 * {@link FlowPolicy#sample} reuses it K times; the time term is computed once per distinct time. Gradients
 * reach W through the slices exactly as through the concatenation.
 */
public final class VelocityNet extends Module {
    private final TimeEmbedding time;
    private final ResidualMlp body;
    private final int obsDim;
    private final int actionDim;
    private final int timeDim;

    /** The observation's part of the first layer, {@code s·W_sᵀ + b} [N, hidden], for one batch of states. */
    public record Conditioning(Var hidden) {}

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
     * @param x [N, D] noisy action chunk
     * @param t [N, 1] flow time in [0, 1]
     * @param s [N, O] observation
     * @return [N, D] velocity
     */
    public Var forward(Var x, Var t, Var s) {
        return forward(x, t, condition(s));
    }

    /** v_θ with the observation term precomputed by {@link #condition} for the same N rows. */
    public Var forward(Var x, Var t, Conditioning c) {
        Var w = body.inputLayer().weight();
        Var h = F.add(F.linear(x, F.slice(w, 1, 0, actionDim), null), c.hidden());
        return body.forwardHidden(F.add(h, timeHidden(t, F.slice(w, 1, actionDim, actionDim + timeDim))));
    }

    /** {@code s·W_sᵀ + b} for s [N, O]: the part of the first layer that does not change along a chain. */
    public Conditioning condition(Var s) {
        Var w = body.inputLayer().weight();
        return new Conditioning(F.linear(s, F.slice(w, 1, actionDim + timeDim, actionDim + timeDim + obsDim),
                body.inputLayer().bias()));
    }

    /** The plain path, {@code body(concat(x, timeEmb(t), s))}: the reference the split path is tested against. */
    Var forwardConcat(Var x, Var t, Var s) {
        return body.forward(F.concat(1, x, time.forward(t), s));
    }

    /**
     * timeEmb(t)·W_tᵀ [N, hidden]. Chains and actor losses use at most K distinct times, so each distinct value
     * is embedded and multiplied once: a single time (a chain step) is added as one broadcast row, a few are
     * gathered (the gather is differentiable, so gradients reach the embedding's weights exactly as before).
     * Pretraining draws t continuously and takes the plain path.
     */
    private Var timeHidden(Var t, Var wt) {
        int n = t.dim(0);
        if (t.requiresGrad() || n < 8) return F.linear(time.forward(t), wt, null);
        Map<Float, Integer> distinct = new LinkedHashMap<>();
        int[] index = new int[n];
        float[] td = t.value().data();
        for (int i = 0; i < n; i++) {
            Integer id = distinct.get(td[i]);
            if (id == null) {
                if (distinct.size() * 4 >= n) return F.linear(time.forward(t), wt, null); // mostly distinct
                id = distinct.size();
                distinct.put(td[i], id);
            }
            index[i] = id;
        }
        float[] unique = new float[distinct.size()];
        distinct.forEach((v, id) -> unique[id] = v);
        Var projected = F.linear(time.forward(Var.constant(Tensor.wrap(unique, unique.length, 1))), wt, null);
        return unique.length == 1 ? F.reshape(projected, -1) : F.indexSelect(projected, 0, index);
    }

    public int obsDim() { return obsDim; }

    public int actionDim() { return actionDim; }
}
