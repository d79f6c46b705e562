package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Softplus {@code y = log(1 + eˣ)} computed as {@code max(x, 0) + log1p(e^−|x|)} so it never overflows. Shapes: x:[...] -> [...]. */
public final class Softplus extends Elementwise {
    private Softplus(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (Stable.softplus(xv));
        }
        return Tape.apply(new Softplus(xt, y), y, x);
    }

    @Override
    public String name() {
        return "softplus";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·σ(x)
        Tensor dx = OpSupport.like(x);
        float[] xd = x.data(), yd = y.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (gv * Stable.sigmoid(xv));
        }
        return dx;
    }
}
