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
 */
public final class VelocityNet extends Module {
    private final TimeEmbedding time;
    private final ResidualMlp body;
    private final int obsDim;
    private final int actionDim;

    public VelocityNet(int obsDim, int actionDim, PolicyConfig cfg, Rng rng) {
        this.obsDim = obsDim;
        this.actionDim = actionDim;
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
        return body.forward(F.concat(1, x, timeFeatures(t), s));
    }

    /**
     * timeEmb(t) [N, E]. Chains and actor losses use at most K distinct times, so each distinct value is
     * embedded once and its row gathered (the gather is differentiable, so gradients reach the embedding's
     * weights exactly as before). Pretraining draws t continuously and takes the plain path.
     */
    private Var timeFeatures(Var t) {
        int n = t.dim(0);
        if (t.requiresGrad() || n < 8) return time.forward(t);
        java.util.Map<Float, Integer> distinct = new java.util.LinkedHashMap<>();
        int[] index = new int[n];
        float[] td = t.value().data();
        for (int i = 0; i < n; i++) {
            Integer id = distinct.get(td[i]);
            if (id == null) {
                if (distinct.size() * 4 >= n) return time.forward(t); // mostly distinct: nothing to save
                id = distinct.size();
                distinct.put(td[i], id);
            }
            index[i] = id;
        }
        float[] unique = new float[distinct.size()];
        distinct.forEach((v, id) -> unique[id] = v);
        Var embedded = time.forward(Var.constant(io.rldt.engine.Tensor.wrap(unique, unique.length, 1)));
        return F.indexSelect(embedded, 0, index);
    }

    public int obsDim() { return obsDim; }

    public int actionDim() { return actionDim; }
}
