package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/**
 * A new shape over the same elements (the output value is a view sharing x's data). One dimension may be −1.
 * Shapes: x:[...] -> newShape with the same size.
 */
public final class Reshape implements Op {
    private final int[] xShape;

    private Reshape(int[] xShape) {
        this.xShape = xShape;
    }

    public static Var apply(Var x, int... shape) {
        Tensor y = OpSupport.forward("reshape", () -> x.value().reshape(shape), x);
        return Tape.apply(new Reshape(x.shape()), y, x);
    }

    @Override
    public String name() {
        return "reshape";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {g.reshape(xShape)}; // dL/dx = g reshaped back
    }
}
