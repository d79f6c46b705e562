package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/** {@code y = min(max(x, lo), hi)} with constant bounds. Shapes: x:[...] -> [...]. */
public final class Clamp extends Elementwise {
    // The loops run as named kernels on the current backend (Backend.kernel); p = {lo, hi}.
    private static final HostKernel FORWARD = new HostKernel("clamp", (out, in, p) -> { // in: x
        float[] xd = in[0].data(), yd = out.data();
        float lo = (float) p[0], hi = (float) p[1];
        for (int i = 0, n = in[0].size(); i < n; i++) yd[i] = Math.min(Math.max(xd[i], lo), hi);
    });
    private static final HostKernel GRAD = new HostKernel("clamp_grad", (out, in, p) -> { // in: x, g
        float[] xd = in[0].data(), gd = in[1].data(), d = out.data();
        float lo = (float) p[0], hi = (float) p[1];
        for (int i = 0, n = in[0].size(); i < n; i++) d[i] = xd[i] >= lo && xd[i] <= hi ? gd[i] : 0f;
    });

    private final float lo, hi;

    private Clamp(Tensor x, Tensor y, float lo, float hi) {
        super(x, y);
        this.lo = lo;
        this.hi = hi;
    }

    public static Var apply(Var x, float lo, float hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clamp on " + x.describe() + ": lo " + lo + " > hi " + hi);
        Tensor xt = x.value(), y = OpSupport.like(xt);
        OpSupport.run(FORWARD, new double[] {lo, hi}, y, xt);
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
        OpSupport.run(GRAD, new double[] {lo, hi}, dx, x, g);
        return dx;
    }
}
