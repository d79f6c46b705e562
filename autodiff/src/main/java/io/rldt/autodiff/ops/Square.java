package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Square {@code y = x²}. Shapes: x:[...] -> [...]. */
public final class Square extends Elementwise {
    private Square(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (xv * xv);
        }
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
        float[] xd = x.data(), yd = y.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (2 * gv * xv);
        }
        return dx;
    }
}
