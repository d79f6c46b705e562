package io.rldt.core.policy;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.Backends;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.Tensor;

/**
 * {@link VelocityNet#forward} evaluated along a chain, faster and equal up to float rounding. The first layer's
 * one weight W = [W_x | W_t | W_s] is applied in parts over its column slices,
 * {@code x·W_xᵀ + timeEmb(t)·W_tᵀ + (s·W_sᵀ + b)}: the observation term is the same at every Euler step of a
 * chain, so {@link #condition} computes it once and {@link FlowPolicy#sample} reuses it K times; the time term
 * is computed once per distinct time; without a tape the x term is accumulated straight onto the two (one
 * buffer, no concatenation). Gradients through the parts reach W through the slices exactly as through the
 * concatenation (tested), but recorded actor losses use {@link VelocityNet#forward}: there the parts would add
 * two [N, hidden] passes each way and save less than they cost.
 */
final class ChainEvaluation {
    private ChainEvaluation() {}

    /**
     * The observation's part of the first layer, {@code s·W_sᵀ + b} [N, hidden], for one batch of states, and the
     * column slices W_x [hidden, D] and W_t [hidden, E] that every step of the chain multiplies by (sliced once per
     * chain, outside the steps' workspace scopes, so each stays one array for the whole chain).
     */
    record Conditioning(Var hidden, Var wx, Var wt) {}

    /** {@code s·W_sᵀ + b} for s [N, O]: the part of the first layer that does not change along a chain. */
    static Conditioning condition(VelocityNet net, Var s) {
        Var w = net.body().inputLayer().weight();
        int d = net.actionDim(), start = d + net.timeDim();
        return new Conditioning(F.linear(s, F.slice(w, 1, start, start + net.obsDim()), net.body().inputLayer().bias()),
                F.slice(w, 1, 0, d), F.slice(w, 1, d, start));
    }

    /** v_θ(x, t, s) with the observation term precomputed by {@link #condition} for the same N rows. */
    static Var forward(VelocityNet net, Var x, Var t, Conditioning c) {
        Var wx = c.wx(), wt = c.wt();
        if (!Tape.isRecording()) return net.body().forwardHidden(Var.constant(firstLayerNoGrad(net, x, t, c, wx, wt)));
        Var h = F.add(F.linear(x, wx, null), c.hidden());
        return net.body().forwardHidden(F.add(h, DistinctTimes.project(net.timeEmbedding(), t, wt)));
    }

    /** {@code (s·W_sᵀ + b) + timeEmb(t)·W_tᵀ}, then {@code += x·W_xᵀ} by the GEMM itself: one [N, hidden] buffer. */
    private static Tensor firstLayerNoGrad(VelocityNet net, Var x, Var t, Conditioning c, Var wx, Var wt) {
        Tensor s = c.hidden().value(), time = DistinctTimes.project(net.timeEmbedding(), t, wt).value();
        Tensor h = Tensor.forOverwrite(s.shape()); // written in full by the sum below
        if (time.rank() == 1 && s.onHost() && time.onHost() && h.onHost()) {
            ActivationKernels.biasAdd(s.data(), time.data(), h.data(), s.dim(0), s.dim(1)); // the same sums, faster
        } else {
            Backends.current().binary(BinaryOp.ADD, s, time, h);
        }
        Backends.current().matmul(x.value(), false, wx.value(), true, h, true);
        return h;
    }
}
