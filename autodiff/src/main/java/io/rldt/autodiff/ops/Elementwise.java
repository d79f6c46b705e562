package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.engine.Tensor;

/**
 * Base of the one-input elementwise ops: keeps the input {@code x} and output {@code y} values, which is all
 * any of their derivatives needs. Subclasses are fused scalar loops (one pass, one allocation) rather than
 * chains of engine primitives, which would need three to five passes for mish or silu.
 */
abstract class Elementwise implements Op {
    protected final Tensor x;
    protected final Tensor y;

    Elementwise(Tensor x, Tensor y) {
        this.x = x;
        this.y = y;
    }

    @Override
    public final Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {grad(g)};
    }

    /** dL/dx given dL/dy, both of x's shape. */
    protected abstract Tensor grad(Tensor g);
}
