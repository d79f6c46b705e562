package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Power by a constant exponent {@code y = xᵖ} (NaN for x &lt; 0 and non-integer p). Shapes: x:[...] -> [...]. */
public final class PowConst extends Elementwise {
    private final double p;

    private PowConst(Tensor x, Tensor y, double p) {
        super(x, y);
        this.p = p;
    }

    public static Var apply(Var x, double p) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) yd[i] = (float) Math.pow(xd[i], p);
        return Tape.apply(new PowConst(xt, y, p), y, x);
    }

    @Override
    public String name() {
        return "pow";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·p·x^(p−1)
        Tensor dx = OpSupport.like(x);
        float[] xd = x.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) d[i] = (float) (gd[i] * p * Math.pow(xd[i], p - 1));
        return dx;
    }
}
