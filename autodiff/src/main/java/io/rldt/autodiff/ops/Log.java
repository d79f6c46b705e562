package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/** Natural logarithm (NaN for x &lt; 0, −∞ at 0). Shapes: x:[...] -> [...]. */
public final class Log extends Elementwise {
    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel FORWARD = new HostKernel("log", (out, in, p) -> { // in: x
        float[] xd = in[0].data(), yd = out.data();
        for (int i = 0, n = in[0].size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (Math.log(xv));
        }
    });
    private static final HostKernel GRAD = new HostKernel("log_grad", (out, in, p) -> { // in: x, y, g
        float[] xd = in[0].data(), yd = in[1].data(), gd = in[2].data(), d = out.data();
        for (int i = 0, n = in[0].size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (gv / xv);
        }
    });

    private Log(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        OpSupport.run(FORWARD, y, xt);
        return Tape.apply(new Log(xt, y), y, x);
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g / x
        Tensor dx = OpSupport.like(x);
        OpSupport.run(GRAD, dx, x, y, g);
        return dx;
    }
}
