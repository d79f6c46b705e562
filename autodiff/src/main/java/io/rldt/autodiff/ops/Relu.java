package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Rectifier {@code y = max(x, 0)}. Shapes: x:[...] -> [...]. */
public final class Relu extends Elementwise {
    private Relu(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (xv > 0 ? xv : 0);
        }
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
        float[] xd = x.data(), yd = y.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (xv > 0 ? gv : 0);
        }
        return dx;
    }
}
