package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** SiLU (swish) {@code y = x·σ(x)}. Shapes: x:[...] -> [...]. */
public final class Silu extends Elementwise {
    private Silu(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (xv * Stable.sigmoid(xv));
        }
        return Tape.apply(new Silu(xt, y), y, x);
    }

    @Override
    public String name() {
        return "silu";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·σ(x)·(1 + x·(1 − σ(x)))
        Tensor dx = OpSupport.like(x);
        float[] xd = x.data(), yd = y.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (gv * Stable.sigmoid(xv) * (1 + xv * (1 - Stable.sigmoid(xv))));
        }
        return dx;
    }
}
