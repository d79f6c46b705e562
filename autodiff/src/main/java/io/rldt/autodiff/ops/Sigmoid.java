package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Logistic {@code y = 1/(1 + e^−x)}, overflow-free. Shapes: x:[...] -> [...]. */
public final class Sigmoid extends Elementwise {
    private Sigmoid(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (Stable.sigmoid(xv));
        }
        return Tape.apply(new Sigmoid(xt, y), y, x);
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·y·(1 − y)
        Tensor dx = OpSupport.like(x);
        float[] xd = x.data(), yd = y.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (gv * yv * (1 - yv));
        }
        return dx;
    }
}
