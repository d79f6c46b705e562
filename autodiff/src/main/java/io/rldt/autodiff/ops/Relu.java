package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.Tensor;

/** Rectifier {@code y = max(x, 0)}. Shapes: x:[...] -> [...]. */
public final class Relu extends Elementwise {
    private Relu(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        ActivationKernels.relu(xt.data(), y.data(), xt.size());
        return Tape.apply(new Relu(xt, y), y, x);
    }

    @Override
    public String name() {
        return "relu";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·[x > 0]  (0 at x = 0, as PyTorch)
        Tensor dx = OpSupport.like(x);
        ActivationKernels.reluGrad(x.data(), g.data(), dx.data(), x.size());
        return dx;
    }
}
