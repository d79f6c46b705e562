package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/** {@code y = x + b} with b added to every row. Shapes: x:[..., n], b:[n] -> [..., n]. */
public final class BiasAdd implements Op {
    private final int n;

    private BiasAdd(int n) {
        this.n = n;
    }

    public static Var apply(Var x, Var b) {
        Tensor xv = x.value(), bv = b.value();
        if (bv.rank() != 1 || xv.rank() < 1 || xv.dim(-1) != bv.dim(0)) {
            throw new IllegalArgumentException("biasAdd: x " + Shapes.str(xv.shape()) + " and bias "
                    + Shapes.str(bv.shape()) + ": expected x:[..., n] and bias:[n]");
        }
        int n = bv.dim(0);
        Tensor y = OpSupport.like(xv);
        ActivationKernels.biasAdd(xv.data(), bv.data(), y.data(), n == 0 ? 0 : xv.size() / n, n);
        return Tape.apply(new BiasAdd(n), y, x, b);
    }

    @Override
    public String name() {
        return "biasAdd";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor db = null;
        if (needed[1]) {
            // dL/db = Σ over rows of g
            db = Tensor.zeros(n);
            ActivationKernels.columnSums(g.data(), n == 0 ? 0 : g.size() / n, n, db.data());
        }
        return new Tensor[] {needed[0] ? g : null, db}; // dL/dx = g
    }
}
