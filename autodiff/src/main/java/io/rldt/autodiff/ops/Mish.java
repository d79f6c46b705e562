package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Mish {@code y = x·tanh(softplus(x))}. Shapes: x:[...] -> [...]. */
public final class Mish extends Elementwise {
    private Mish(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (xv * Math.tanh(Stable.softplus(xv)));
        }
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
        float[] xd = x.data(), yd = y.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (mishGrad(xv, gv));
        }
        return dx;
    }

    private static double mishGrad(double x, double g) {
        double t = Math.tanh(Stable.softplus(x));
        return g * (t + x * Stable.sigmoid(x) * (1 - t * t));
    }
}
