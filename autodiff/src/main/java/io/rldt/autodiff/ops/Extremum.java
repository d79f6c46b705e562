package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;
import java.util.function.BiFunction;

/**
 * What {@link Maximum} and {@link Minimum} share: forward through one engine primitive, and a backward that
 * routes the gradient to the winning input, splitting it evenly at ties (PyTorch's convention).
 * Shapes: a:[...], b:[...] -> broadcast(a, b).
 */
abstract class Extremum implements Op {
    private final Tensor a, b;
    private final boolean max;

    Extremum(Tensor a, Tensor b, boolean max) {
        this.a = a;
        this.b = b;
        this.max = max;
    }

    // The loop runs as a named kernel on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel GRAD = new HostKernel("extremum_grad", (da, in, p) -> { // in: wins, ties, g, db
        float[] w = in[0].data(), t = in[1].data(), gd = in[2].data(), dad = da.data(), dbd = in[3].data();
        for (int i = 0, n = in[2].size(); i < n; i++) {
            float wa = w[i] + 0.5f * t[i];
            dad[i] = gd[i] * wa;
            dbd[i] = gd[i] * (1f - wa);
        }
    });

    static Var apply(Var a, Var b, boolean max, BiFunction<Tensor, Tensor, Extremum> op) {
        Tensor av = a.value(), bv = b.value();
        Tensor y = OpSupport.forward(max ? "maximum" : "minimum",
                () -> Ops.binary(max ? BinaryOp.MAX : BinaryOp.MIN, av, bv), a, b);
        return Tape.apply(op.apply(av, bv), y, a, b);
    }

    @Override
    public final Tensor[] backward(Tensor g, boolean[] needed) {
        // w = [a wins] + ½·[a = b];  dL/da = g·w,  dL/db = g·(1 − w)   (a wins: a > b for max, a < b for min)
        Tensor wins = max ? Ops.binary(BinaryOp.GT, a, b) : Ops.binary(BinaryOp.GT, b, a);
        Tensor ties = Ops.binary(BinaryOp.EQ, a, b);
        Tensor da = Tensor.zeros(g.shape()), db = Tensor.zeros(g.shape());
        OpSupport.run(GRAD, da, wins, ties, g, db);
        return new Tensor[] {needed[0] ? da : null, needed[1] ? db : null};
    }
}
