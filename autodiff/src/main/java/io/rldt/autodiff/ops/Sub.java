package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * Difference {@code y = a − b} with NumPy broadcasting. Shapes: a:[...], b:[...] -> broadcast(a, b); gradients are returned at the
 * broadcast shape and the tape sums them back to each input's shape.
 */
public final class Sub implements Op {
    private final Tensor a, b, y;

    private Sub(Tensor a, Tensor b, Tensor y) {
        this.a = a;
        this.b = b;
        this.y = y;
    }

    public static Var apply(Var a, Var b) {
        Tensor av = a.value(), bv = b.value();
        Tensor y = OpSupport.forward("sub", () -> Ops.sub(av, bv), a, b);
        return Tape.apply(new Sub(av, bv, y), y, a, b);
    }

    @Override
    public String name() {
        return "sub";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {
            needed[0] ? g : null, // dL/da = g
            needed[1] ? Ops.unary(io.rldt.engine.UnaryOp.NEG, g) : null, // dL/db = −g
        };
    }
}
