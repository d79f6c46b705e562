package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/** Mean squared error {@code y = (1/n)·Σ (p − t)²}. Shapes: p:[...], t: same shape -> scalar []. */
public final class Mse implements Op {
    private final Tensor p, t;

    private Mse(Tensor p, Tensor t) {
        this.p = p;
        this.t = t;
    }

    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel FORWARD = new HostKernel("mse", (y, in, p) -> { // in: pred, target; y: []
        float[] pd = in[0].data(), td = in[1].data();
        int n = in[0].size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = pd[i] - td[i];
            s += d * d;
        }
        y.data()[0] = (float) (s / n);
    });
    private static final HostKernel GRAD = new HostKernel("mse_grad", (dp, in, p) -> { // in: pred, target, g, dt
        float[] pd = in[0].data(), td = in[1].data(), a = dp.data(), b = in[3].data();
        int n = in[0].size();
        double k = 2.0 * in[2].data()[0] / n;
        for (int i = 0; i < n; i++) {
            a[i] = (float) (k * (pd[i] - td[i]));
            b[i] = -a[i];
        }
    });

    public static Var apply(Var pred, Var target) {
        OpSupport.requireSameShape("mse", pred, target);
        Tensor y = Tensor.zeros();
        OpSupport.run(FORWARD, y, pred.value(), target.value());
        return Tape.apply(new Mse(pred.value(), target.value()), y, pred, target);
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // dL/dp = g·2(p − t)/n;  dL/dt = −dL/dp
        Tensor dp = Tensor.zeros(p.shape()), dt = Tensor.zeros(p.shape());
        OpSupport.run(GRAD, dp, p, t, g, dt);
        return new Tensor[] {needed[0] ? dp : null, needed[1] ? dt : null};
    }
}
