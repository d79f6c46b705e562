package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** The tanh-squashing log-det term {@code y = log(1 − tanh(u)²)}, computed as {@code 2·(log 2 − u − softplus(−2u))}: exact, finite for every u (the naive form gives log 0 = −∞ once tanh rounds to ±1, around |u| &gt; 9 in float32). Shapes: x:[...] -> [...]. */
public final class Log1mTanhSq extends Elementwise {
    private Log1mTanhSq(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (2 * (Stable.LOG2 - xv - Stable.softplus(-2 * xv)));
        }
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
        float[] xd = x.data(), yd = y.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (-2 * gv * Math.tanh(xv));
        }
        return dx;
    }
}
