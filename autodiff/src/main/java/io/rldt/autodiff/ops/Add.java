package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * Sum {@code y = a + b} with NumPy broadcasting. Shapes: a:[...], b:[...] -> broadcast(a, b); gradients are returned at the
 * broadcast shape and the tape sums them back to each input's shape.
 */
public final class Add implements Op {
    private final Tensor a, b, y;

    private Add(Tensor a, Tensor b, Tensor y) {
        this.a = a;
        this.b = b;
        this.y = y;
    }

    public static Var apply(Var a, Var b) {
        Tensor av = a.value(), bv = b.value();
        Tensor y = OpSupport.forward("add", () -> Ops.add(av, bv), a, b);
        return Tape.apply(new Add(av, bv, y), y, a, b);
    }

    @Override
    public String name() {
        return "add";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {
            needed[0] ? g : null, // dL/da = g
            needed[1] ? g : null, // dL/db = g
        };
    }
}
