package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/** Rectifier {@code y = max(x, 0)}. Shapes: x:[...] -> [...]. */
public final class Relu extends Elementwise {
    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    static final HostKernel FORWARD = new HostKernel("relu", (out, in, p) -> // in: x
            ActivationKernels.relu(in[0].data(), out.data(), in[0].size()));
    static final HostKernel GRAD = new HostKernel("relu_grad", (out, in, p) -> // in: x, g
            ActivationKernels.reluGrad(in[0].data(), in[1].data(), out.data(), in[0].size()));

    private Relu(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        OpSupport.run(FORWARD, y, xt);
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
        OpSupport.run(GRAD, dx, x, g);
        return dx;
    }
}
