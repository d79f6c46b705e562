package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * Elementwise {@code y = min(a, b)} with broadcasting. At ties the gradient is split evenly between a and b
 * (PyTorch's convention for {@code torch.minimum}). Shapes: a:[...], b:[...] -> broadcast(a, b).
 */
public final class Minimum implements Op {
    private final Tensor a, b;

    private Minimum(Tensor a, Tensor b) {
        this.a = a;
        this.b = b;
    }

    public static Var apply(Var a, Var b) {
        Tensor av = a.value(), bv = b.value();
        Tensor y = OpSupport.forward("minimum", () -> Ops.binary(BinaryOp.MIN, av, bv), a, b);
        return Tape.apply(new Minimum(av, bv), y, a, b);
    }

    @Override
    public String name() {
        return "minimum";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // w = [a wins] + ½·[a = b];  dL/da = g·w,  dL/db = g·(1 − w)
        Tensor wins = Ops.binary(BinaryOp.GT, b, a);
        Tensor ties = Ops.binary(BinaryOp.EQ, a, b);
        float[] w = wins.data(), t = ties.data(), gd = g.data();
        Tensor da = Tensor.zeros(g.shape()), db = Tensor.zeros(g.shape());
        float[] dad = da.data(), dbd = db.data();
        for (int i = 0, n = g.size(); i < n; i++) {
            float wa = w[i] + 0.5f * t[i];
            dad[i] = gd[i] * wa;
            dbd[i] = gd[i] * (1f - wa);
        }
        return new Tensor[] {needed[0] ? da : null, needed[1] ? db : null};
    }
}
