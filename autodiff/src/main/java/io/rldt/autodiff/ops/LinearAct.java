package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
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
    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    // z:[n, out] in place, b:[out]
    private static final HostKernel BIAS_ADD = new HostKernel("bias_add", (z, in, p) -> // in: z, b
            ActivationKernels.biasAdd(in[0].data(), in[1].data(), z.data(), z.dim(0), z.dim(1)));
    private static final HostKernel BIAS_RELU = new HostKernel("bias_relu", (z, in, p) -> // in: z, b
            ActivationKernels.biasRelu(in[0].data(), in[1].data(), z.data(), z.dim(0), z.dim(1)));
    // y:[n, out]; in: z [n, out] (becomes the pre-activation z + b when recording), b [out] or null, σ [n, out] or
    // null (written when recording)
    private static final HostKernel BIAS_SILU = new HostKernel("bias_silu", (y, in, p) -> {
        boolean keep = in[2] != null;
        ActivationKernels.biasSilu(in[0].data(), in[1] == null ? null : in[1].data(), keep ? in[0].data() : null,
                keep ? in[2].data() : null, y.data(), y.dim(0), y.dim(1));
    });
    // db:[out] = Σ_rows dpre
    private static final HostKernel COLUMN_SUMS = new HostKernel("column_sums", (db, in, p) -> // in: dpre
            ActivationKernels.columnSums(in[0].data(), in[0].size() / Math.max(1, db.size()), db.size(), db.data()));

    private final Kind kind;
    private final Tensor x, w, pre, y;
    private final Tensor sig;
    private final boolean hasBias;

    private LinearAct(Kind kind, Tensor x, Tensor w, boolean hasBias, Tensor pre, Tensor y, Tensor sig) {
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
        int rows = z.dim(0), cols = z.dim(1);
        if (b != null && (b.rank() != 1 || b.dim(0) != cols)) {
            throw new IllegalArgumentException("linear: bias " + b.describe() + " must have shape [" + cols + "]");
        }
        Tensor bv = b == null ? null : b.value();
        boolean record = Tape.willRecord(x, w, b);
        Tensor y = z;
        Tensor sig = null;
        switch (kind) {
            case IDENTITY -> { if (b != null) OpSupport.run(BIAS_ADD, z, z, bv); }
            case RELU -> {
                if (b != null) OpSupport.run(BIAS_RELU, z, z, bv);
                else OpSupport.run(Relu.FORWARD, z, z);
            }
            case SILU -> {
                // one pass: z += b (z is now the pre-activation), σ = σ(z), y = z·σ; z and σ are kept only for a
                // backward pass
                y = Tensor.forOverwrite(rows, cols);                   // both written in full by the pass
                sig = record ? Tensor.forOverwrite(rows, cols) : null;
                OpSupport.run(BIAS_SILU, y, z, bv, sig);
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
            // (a device backend gets a device tensor instead)
            if (Backends.current().device() != null) {
                dpre = Tensor.zeros(g.shape());
            } else {
                float[] scratch = SCRATCH.get();
                if (scratch.length < n) SCRATCH.set(scratch = new float[n]);
                dpre = Tensor.wrapPrefix(scratch, g.shape());
            }
            if (kind == Kind.RELU) OpSupport.run(Relu.GRAD, dpre, y, g);
            else OpSupport.run(Silu.GRAD, dpre, pre, sig, g);
        }
        Tensor[] out = new Tensor[hasBias ? 3 : 2];
        if (needed[0]) out[0] = Ops.matmul(dpre, false, w, false); // dL/dx = dpre·W
        if (needed[1]) out[1] = Ops.matmul(dpre, true, x, false);  // dL/dW = dpreᵀ·x
        if (hasBias && needed[2]) {                                  // dL/db = Σ_rows dpre
            out[2] = Tensor.zeros(cols);
            OpSupport.run(COLUMN_SUMS, out[2], dpre);
        }
        return out;
    }
}
