package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * Product {@code y = a·b} with NumPy broadcasting. Shapes: a:[...], b:[...] -> broadcast(a, b); gradients are returned at the
 * broadcast shape and the tape sums them back to each input's shape.
 */
public final class Mul implements Op {
    private final Tensor a, b, y;

    private Mul(Tensor a, Tensor b, Tensor y) {
        this.a = a;
        this.b = b;
        this.y = y;
    }

    public static Var apply(Var a, Var b) {
        Tensor av = a.value(), bv = b.value();
        Tensor y = OpSupport.forward("mul", () -> Ops.mul(av, bv), a, b);
        return Tape.apply(new Mul(av, bv, y), y, a, b);
    }

    @Override
    public String name() {
        return "mul";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {
            needed[0] ? Ops.mul(g, b) : null, // dL/da = g·b
            needed[1] ? Ops.mul(g, a) : null, // dL/db = g·a
        };
    }
}
