package io.rldt.core.policy;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.nn.ResidualMlp;
import io.rldt.autodiff.nn.TimeEmbedding;
import io.rldt.core.config.PolicyConfig;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.Backends;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The velocity network v_θ(x, t, s) of spec §1: input {@code concat(x [D], timeEmb(t), s [O])}, a residual
 * ReLU body, output {@code [D]}, no output activation. Parameter names: {@code time.fc1.*}, {@code time.fc2.*},
 * {@code body.layers.*} (stable; checkpoints depend on them).
 *
 * <p>Sampling computes the first layer in parts over column slices of its one weight W = [W_x | W_t | W_s]:
 * {@code x·W_xᵀ + timeEmb(t)·W_tᵀ + (s·W_sᵀ + b)}, the concatenated product up to float rounding. The
 * observation term is the same at every Euler step of a chain, so {@link #condition} computes it once and
 * {@link FlowPolicy#sample} reuses it K times; the time term is computed once per distinct time, and without a
 * tape the x term is accumulated straight onto the two (one buffer, no concatenation). Recorded calls of
 * {@link #forward(Var, Var, Var)} (the actor losses) keep the plain concatenation: there the parts would add
 * two [N, hidden] passes each way and save less than they cost. Gradients through the parts reach W through
 * the slices exactly as through the concatenation (tested).
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
        return body.forward(F.concat(1, x, timeFeatures(t), s));
    }

    /** v_θ with the observation term precomputed by {@link #condition} for the same N rows. */
    public Var forward(Var x, Var t, Conditioning c) {
        Var w = body.inputLayer().weight();
        Var wx = F.slice(w, 1, 0, actionDim), wt = F.slice(w, 1, actionDim, actionDim + timeDim);
        if (!Tape.isRecording()) return body.forwardHidden(Var.constant(firstLayerNoGrad(x, t, c, wx, wt)));
        Var h = F.add(F.linear(x, wx, null), c.hidden());
        return body.forwardHidden(F.add(h, timeHidden(t, wt)));
    }

    /** {@code (s·W_sᵀ + b) + timeEmb(t)·W_tᵀ}, then {@code += x·W_xᵀ} by the GEMM itself: one [N, hidden] buffer. */
    private Tensor firstLayerNoGrad(Var x, Var t, Conditioning c, Var wx, Var wt) {
        Tensor s = c.hidden().value(), time = timeHidden(t, wt).value(), h = Tensor.zeros(s.shape());
        if (time.rank() == 1) ActivationKernels.biasAdd(s.data(), time.data(), h.data(), s.dim(0), s.dim(1));
        else Backends.current().binary(BinaryOp.ADD, s, time, h);
        Backends.current().matmul(x.value(), false, wx.value(), true, h, true);
        return h;
    }

    /** {@code s·W_sᵀ + b} for s [N, O]: the part of the first layer that does not change along a chain. */
    public Conditioning condition(Var s) {
        Var w = body.inputLayer().weight();
        return new Conditioning(F.linear(s, F.slice(w, 1, actionDim + timeDim, actionDim + timeDim + obsDim),
                body.inputLayer().bias()));
    }

    /** {@code body(concat(x, timeEmb(t), s))} without the distinct-time shortcut: the reference for tests. */
    Var forwardConcat(Var x, Var t, Var s) {
        return body.forward(F.concat(1, x, time.forward(t), s));
    }

    /**
     * timeEmb(t) [N, E]. Chains and actor losses use at most K distinct times, so each distinct value is
     * embedded once and its row gathered (the gather is differentiable, so gradients reach the embedding's
     * weights exactly as before). Pretraining draws t continuously and takes the plain path.
     */
    private Var timeFeatures(Var t) {
        int[] index = distinctTimes(t);
        if (index == null) return time.forward(t);
        return F.indexSelect(time.forward(Var.constant(uniqueTimes(t, index))), 0, index);
    }

    /**
     * timeEmb(t)·W_tᵀ [N, hidden], each distinct time embedded and multiplied once: a single time (a chain
     * step) comes back as one [hidden] row to broadcast, a few are gathered (differentiably).
     */
    private Var timeHidden(Var t, Var wt) {
        int[] index = distinctTimes(t);
        if (index == null) return F.linear(time.forward(t), wt, null);
        Tensor unique = uniqueTimes(t, index);
        Var projected = F.linear(time.forward(Var.constant(unique)), wt, null);
        return unique.size() == 1 ? F.reshape(projected, -1) : F.indexSelect(projected, 0, index);
    }

    /** Row i's index into the distinct values of t [N, 1] in first-seen order, or null when not worth it. */
    private static int[] distinctTimes(Var t) {
        int n = t.dim(0);
        if (t.requiresGrad() || n < 8) return null;
        Map<Float, Integer> distinct = new LinkedHashMap<>();
        int[] index = new int[n];
        float[] td = t.value().data();
        for (int i = 0; i < n; i++) {
            Integer id = distinct.get(td[i]);
            if (id == null) {
                if (distinct.size() * 4 >= n) return null; // mostly distinct: nothing to save
                id = distinct.size();
                distinct.put(td[i], id);
            }
            index[i] = id;
        }
        return index;
    }

    /** The distinct values of t [N, 1] as [U, 1], in the order {@link #distinctTimes} numbered them. */
    private static Tensor uniqueTimes(Var t, int[] index) {
        int u = 0;
        for (int id : index) u = Math.max(u, id + 1);
        float[] unique = new float[u], td = t.value().data();
        for (int i = 0; i < index.length; i++) unique[index[i]] = td[i];
        return Tensor.wrap(unique, u, 1);
    }

    public int obsDim() { return obsDim; }

    public int actionDim() { return actionDim; }
}
