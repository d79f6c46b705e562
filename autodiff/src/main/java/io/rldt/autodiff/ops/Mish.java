package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.FastMath;
import io.rldt.engine.Tensor;

/**
 * Mish {@code y = x·tanh(softplus(x))}. Shapes: x:[...] -> [...]. Both directions run in {@link FastMath}
 * (SIMD from one exp per element when available, deterministic like every FastMath function).
 */
public final class Mish extends Elementwise {
    private Mish(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        FastMath.mish(xt.data(), y.data(), xt.size());
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
        FastMath.mishGrad(x.data(), g.data(), dx.data(), x.size());
        return dx;
    }
}
