package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/** Affine map by constants {@code y = s·x + c} (scale, shift, or both). Shapes: x:[...] -> [...]. */
public final class Scale extends Elementwise {
    // The loop runs as a named kernel on the current backend (Backend.kernel).
    private static final HostKernel FORWARD = new HostKernel("scale", (out, in, p) -> { // in: x; p = {s, c}
        float[] xd = in[0].data(), yd = out.data();
        float s = (float) p[0], c = (float) p[1];
        for (int i = 0, n = in[0].size(); i < n; i++) yd[i] = s * xd[i] + c;
    });
    static final HostKernel GRAD = new HostKernel("scale_grad", (out, in, p) -> { // in: g; p = {s}
        float[] gd = in[0].data(), d = out.data();
        float s = (float) p[0];
        for (int i = 0, n = in[0].size(); i < n; i++) d[i] = s * gd[i];
    });

    private final float s;

    private Scale(Tensor x, Tensor y, float s) {
        super(x, y);
        this.s = s;
    }

    public static Var apply(Var x, float s, float c) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        OpSupport.run(FORWARD, new double[] {s, c}, y, xt);
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
        OpSupport.run(GRAD, new double[] {s}, dx, g);
        return dx;
    }
}
