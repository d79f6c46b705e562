package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.FastMath;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/**
 * SiLU (swish) {@code y = x·σ(x)}. Shapes: x:[...] -> [...]. σ comes from {@link FastMath#sigmoid} (SIMD when
 * available: SiLU runs on every critic layer, the hottest activation of a training step) and is kept for the
 * backward pass.
 */
public final class Silu extends Elementwise {
    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    static final HostKernel SIGMOID = new HostKernel("sigmoid_fast", (out, in, p) -> // in: x
            FastMath.sigmoid(in[0].data(), out.data(), in[0].size()));
    static final HostKernel MUL = new HostKernel("mul_fast", (out, in, p) -> // in: x, σ (σ may be out)
            ActivationKernels.mul(in[0].data(), in[1].data(), out.data(), in[0].size()));
    static final HostKernel GRAD = new HostKernel("silu_grad", (out, in, p) -> // in: x, σ, g
            ActivationKernels.siluGrad(in[0].data(), in[1].data(), in[2].data(), out.data(), in[0].size()));

    private final Tensor sig;

    private Silu(Tensor x, Tensor y, Tensor sig) {
        super(x, y);
        this.sig = sig;
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        // σ is kept only for a backward pass; without one it is computed straight into y
        Tensor sig = Tape.willRecord(x) ? OpSupport.like(xt) : y;
        OpSupport.run(SIGMOID, sig, xt);
        OpSupport.run(MUL, y, xt, sig);
        return Tape.apply(new Silu(xt, y, sig), y, x);
    }

    @Override
    public String name() {
        return "silu";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·σ(x)·(1 + x·(1 − σ(x)))
        Tensor dx = OpSupport.like(x);
        OpSupport.run(GRAD, dx, x, sig, g);
        return dx;
    }
}
