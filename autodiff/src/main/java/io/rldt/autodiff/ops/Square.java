package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/** Square {@code y = x²}. Shapes: x:[...] -> [...]. */
public final class Square extends Elementwise {
    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel FORWARD = new HostKernel("square", (out, in, p) -> { // in: x
        float[] xd = in[0].data(), yd = out.data();
        for (int i = 0, n = in[0].size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (xv * xv);
        }
    });
    private static final HostKernel GRAD = new HostKernel("square_grad", (out, in, p) -> { // in: x, y, g
        float[] xd = in[0].data(), yd = in[1].data(), gd = in[2].data(), d = out.data();
        for (int i = 0, n = in[0].size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (2 * gv * xv);
        }
    });

    private Square(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        OpSupport.run(FORWARD, y, xt);
        return Tape.apply(new Square(xt, y), y, x);
    }

    @Override
    public String name() {
        return "square";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = 2·g·x
        Tensor dx = OpSupport.like(x);
        OpSupport.run(GRAD, dx, x, y, g);
        return dx;
    }
}
