package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.FastMath;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/**
 * Mish {@code y = x·tanh(softplus(x))}. Shapes: x:[...] -> [...]. Both directions run in {@link FastMath}
 * (SIMD from one exp per element when available, deterministic like every FastMath function).
 */
public final class Mish extends Elementwise {
    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel FORWARD = new HostKernel("mish", (out, in, p) -> // in: x
            FastMath.mish(in[0].data(), out.data(), in[0].size()));
    private static final HostKernel GRAD = new HostKernel("mish_grad", (out, in, p) -> // in: x, g
            FastMath.mishGrad(in[0].data(), in[1].data(), out.data(), in[0].size()));

    private Mish(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        OpSupport.run(FORWARD, y, xt);
        return Tape.apply(new Mish(xt, y), y, x);
    }

    @Override
    public String name() {
        return "mish";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·(tanh(sp) + x·σ(x)·(1 − tanh(sp)²)), sp = softplus(x), since d sp/dx = σ(x)
        Tensor dx = OpSupport.like(x);
        OpSupport.run(GRAD, dx, x, g);
        return dx;
    }
}
