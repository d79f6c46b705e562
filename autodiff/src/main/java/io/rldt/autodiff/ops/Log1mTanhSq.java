package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/** The tanh-squashing log-det term {@code y = log(1 − tanh(u)²)}, computed as {@code 2·(log 2 − u − softplus(−2u))}: exact, finite for every u (the naive form gives log 0 = −∞ once tanh rounds to ±1, around |u| &gt; 9 in float32). Shapes: x:[...] -> [...]. */
public final class Log1mTanhSq extends Elementwise {
    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel FORWARD = new HostKernel("log1mTanhSq", (out, in, p) -> { // in: x
        float[] xd = in[0].data(), yd = out.data();
        for (int i = 0, n = in[0].size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (2 * (Stable.LOG2 - xv - Stable.softplus(-2 * xv)));
        }
    });
    private static final HostKernel GRAD = new HostKernel("log1mTanhSq_grad", (out, in, p) -> { // in: x, y, g
        float[] xd = in[0].data(), yd = in[1].data(), gd = in[2].data(), d = out.data();
        for (int i = 0, n = in[0].size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (-2 * gv * Math.tanh(xv));
        }
    });

    private Log1mTanhSq(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        OpSupport.run(FORWARD, y, xt);
        return Tape.apply(new Log1mTanhSq(xt, y), y, x);
    }

    @Override
    public String name() {
        return "log1mTanhSq";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/du = −2·g·tanh(u)  (d/du log(1 − tanh²u) = −2·tanh u)
        Tensor dx = OpSupport.like(x);
        OpSupport.run(GRAD, dx, x, y, g);
        return dx;
    }
}
