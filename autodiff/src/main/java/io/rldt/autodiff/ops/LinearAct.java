package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.FastMath;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * A linear layer and its activation as one op: {@code y = act(x·Wᵀ + b)}, act ∈ {identity, ReLU, SiLU}.
 * Shapes: x:[n, in], W:[out, in], b:[out] or null -> [n, out].
 *
 * <p>Why fused: the bias and the activation are applied in one pass over the product, in place, and only the
 * buffers the backward pass reads are kept (none for ReLU, whose mask is {@code y > 0}; σ for SiLU), so a
 * layer allocates one or two activations instead of four. The result equals
 * {@code act(biasAdd(matmul(x, Wᵀ), b))} bit for bit, forward and backward: same products, same per-element
 * float operations, same order of the bias gradient's sums.
 */
public final class LinearAct implements Op {
    /** The activations that fuse. */
    public enum Kind { IDENTITY, RELU, SILU }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private final Kind kind;
    private final Tensor x, w, pre, y;
    private final float[] sig;
    private final boolean hasBias;

    private LinearAct(Kind kind, Tensor x, Tensor w, boolean hasBias, Tensor pre, Tensor y, float[] sig) {
        this.kind = kind;
        this.x = x;
        this.w = w;
        this.hasBias = hasBias;
        this.pre = pre;
        this.y = y;
        this.sig = sig;
    }

    public static Var apply(Var x, Var w, Var b, Kind kind) {
        Tensor xv = x.value(), wv = w.value();
        Tensor z = OpSupport.forward("linear", () -> Ops.matmul(xv, false, wv, true), x, w);
        int rows = z.dim(0), cols = z.dim(1), n = z.size();
        if (b != null && (b.rank() != 1 || b.dim(0) != cols)) {
            throw new IllegalArgumentException("linear: bias " + b.describe() + " must have shape [" + cols + "]");
        }
        float[] zd = z.data(), bd = b == null ? null : b.value().data();
        boolean record = Tape.willRecord(x, w, b);
        Tensor y = z;
        float[] sig = null;
        switch (kind) {
            case IDENTITY -> { if (b != null) ActivationKernels.biasAdd(zd, bd, zd, rows, cols); }
            case RELU -> {
                if (b != null) ActivationKernels.biasRelu(zd, bd, zd, rows, cols);
                else ActivationKernels.relu(zd, zd, n);
            }
            case SILU -> {
                if (b != null) ActivationKernels.biasAdd(zd, bd, zd, rows, cols); // z is now the pre-activation
                y = Tensor.zeros(rows, cols);
                sig = record ? new float[n] : y.data(); // σ survives only for a backward pass
                FastMath.sigmoid(zd, sig, n);
                ActivationKernels.mul(zd, sig, y.data(), n);
            }
        }
        LinearAct op = new LinearAct(kind, xv, wv, b != null, z, y, sig);
        return b == null ? Tape.apply(op, y, x, w) : Tape.apply(op, y, x, w, b);
    }

    @Override
    public String name() {
        return "linear+" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        int n = g.size(), cols = g.dim(1);
        // dL/dpre = g·act'(pre): ReLU g·[y > 0]; SiLU g·σ·(1 + pre·(1 − σ)); identity g
        Tensor dpre = g;
        if (kind != Kind.IDENTITY) {
            // dpre never leaves this method, so it lives in a per-thread scratch buffer instead of a new array
            float[] scratch = SCRATCH.get();
            if (scratch.length < n) SCRATCH.set(scratch = new float[n]);
            dpre = Tensor.wrapPrefix(scratch, g.shape());
            if (kind == Kind.RELU) ActivationKernels.reluGrad(y.data(), g.data(), dpre.data(), n);
            else ActivationKernels.siluGrad(pre.data(), sig, g.data(), dpre.data(), n);
        }
        Tensor[] out = new Tensor[hasBias ? 3 : 2];
        if (needed[0]) out[0] = Ops.matmul(dpre, false, w, false); // dL/dx = dpre·W
        if (needed[1]) out[1] = Ops.matmul(dpre, true, x, false);  // dL/dW = dpreᵀ·x
        if (hasBias && needed[2]) {                                  // dL/db = Σ_rows dpre
            out[2] = Tensor.zeros(cols);
            ActivationKernels.columnSums(dpre.data(), n / Math.max(1, cols), cols, out[2].data());
        }
        return out;
    }
}
