package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/** Power by a constant exponent {@code y = xᵖ} (NaN for x &lt; 0 and non-integer p). Shapes: x:[...] -> [...]. */
public final class PowConst extends Elementwise {
    // The loops run as named kernels on the current backend (Backend.kernel); p = {exponent}.
    private static final HostKernel FORWARD = new HostKernel("pow", (out, in, p) -> { // in: x
        float[] xd = in[0].data(), yd = out.data();
        for (int i = 0, n = in[0].size(); i < n; i++) yd[i] = (float) Math.pow(xd[i], p[0]);
    });
    private static final HostKernel GRAD = new HostKernel("pow_grad", (out, in, p) -> { // in: x, g
        float[] xd = in[0].data(), gd = in[1].data(), d = out.data();
        for (int i = 0, n = in[0].size(); i < n; i++) d[i] = (float) (gd[i] * p[0] * Math.pow(xd[i], p[0] - 1));
    });

    private final double p;

    private PowConst(Tensor x, Tensor y, double p) {
        super(x, y);
        this.p = p;
    }

    public static Var apply(Var x, double p) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        OpSupport.run(FORWARD, new double[] {p}, y, xt);
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
        OpSupport.run(GRAD, new double[] {p}, dx, x, g);
        return dx;
    }
}
