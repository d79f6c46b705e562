package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Affine map by constants {@code y = s·x + c} (scale, shift, or both). Shapes: x:[...] -> [...]. */
public final class Scale extends Elementwise {
    private final float s;

    private Scale(Tensor x, Tensor y, float s) {
        super(x, y);
        this.s = s;
    }

    public static Var apply(Var x, float s, float c) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        float[] xd = xt.data(), yd = y.data();
        for (int i = 0, n = xt.size(); i < n; i++) yd[i] = s * xd[i] + c;
        return Tape.apply(new Scale(xt, y, s), y, x);
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = s·g
        Tensor dx = OpSupport.like(x);
        float[] gd = g.data(), d = dx.data();
        for (int i = 0, n = x.size(); i < n; i++) d[i] = s * gd[i];
        return dx;
    }
}
