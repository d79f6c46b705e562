package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/** Mean squared error {@code y = (1/n)·Σ (p − t)²}. Shapes: p:[...], t: same shape -> scalar []. */
public final class Mse implements Op {
    private final Tensor p, t;

    private Mse(Tensor p, Tensor t) {
        this.p = p;
        this.t = t;
    }

    public static Var apply(Var pred, Var target) {
        OpSupport.requireSameShape("mse", pred, target);
        float[] pd = pred.value().data(), td = target.value().data();
        int n = pred.value().size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = pd[i] - td[i];
            s += d * d;
        }
        return Tape.apply(new Mse(pred.value(), target.value()), Tensor.scalar((float) (s / n)), pred, target);
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // dL/dp = g·2(p − t)/n;  dL/dt = −dL/dp
        int n = p.size();
        double k = 2.0 * g.item() / n;
        Tensor dp = Tensor.zeros(p.shape()), dt = Tensor.zeros(p.shape());
        float[] pd = p.data(), td = t.data(), a = dp.data(), b = dt.data();
        for (int i = 0; i < n; i++) {
            a[i] = (float) (k * (pd[i] - td[i]));
            b[i] = -a[i];
        }
        return new Tensor[] {needed[0] ? dp : null, needed[1] ? dt : null};
    }
}
