package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Cosine (for sinusoidal embeddings). Shapes: x:[...] -> [...]. */
public final class Cos extends Elementwise {
    private Cos(Tensor x, Tensor y) {
        super(x, y);
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) {
            double xv = xd[i];
            yd[i] = (float) (Math.cos(xv));
        }
        return Tape.apply(new Cos(xt, y), y, x);
    }

    @Override
    public String name() {
        return "cos";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = −g·sin(x)
        Tensor dx = OpSupport.like(x);
        float[] xd = x.data(), yd = y.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) {
            double xv = xd[i], yv = yd[i], gv = gd[i];
            d[i] = (float) (-gv * Math.sin(xv));
        }
        return dx;
    }
}
