package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** {@code y = min(max(x, lo), hi)} with constant bounds. Shapes: x:[...] -> [...]. */
public final class Clamp extends Elementwise {
    private final float lo, hi;

    private Clamp(Tensor x, Tensor y, float lo, float hi) {
        super(x, y);
        this.lo = lo;
        this.hi = hi;
    }

    public static Var apply(Var x, float lo, float hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clamp on " + x.describe() + ": lo " + lo + " > hi " + hi);
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) yd[i] = Math.min(Math.max(xd[i], lo), hi);
        return Tape.apply(new Clamp(xt, y, lo, hi), y, x);
    }

    @Override
    public String name() {
        return "clamp";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·[lo ≤ x ≤ hi]  (bounds inclusive, as PyTorch)
        Tensor dx = OpSupport.like(x);
        float[] xd = x.data(), gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) d[i] = xd[i] >= lo && xd[i] <= hi ? gd[i] : 0f;
        return dx;
    }
}
