package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/** {@code y = x + b} with b added to every row. Shapes: x:[..., n], b:[n] -> [..., n]. */
public final class BiasAdd implements Op {
    private final int n;

    private BiasAdd(int n) {
        this.n = n;
    }

    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel FORWARD = new HostKernel("bias_add_rows", (y, in, p) -> { // in: x:[..., n], b:[n]
        int n = in[1].size();
        ActivationKernels.biasAdd(in[0].data(), in[1].data(), y.data(), n == 0 ? 0 : in[0].size() / n, n);
    });
    private static final HostKernel GRAD = new HostKernel("column_sums_rows", (db, in, p) -> { // in: g:[..., n]
        int n = db.size();
        ActivationKernels.columnSums(in[0].data(), n == 0 ? 0 : in[0].size() / n, n, db.data());
    });

    public static Var apply(Var x, Var b) {
        Tensor xv = x.value(), bv = b.value();
        if (bv.rank() != 1 || xv.rank() < 1 || xv.dim(-1) != bv.dim(0)) {
            throw new IllegalArgumentException("biasAdd: x " + Shapes.str(xv.shape()) + " and bias "
                    + Shapes.str(bv.shape()) + ": expected x:[..., n] and bias:[n]");
        }
        int n = bv.dim(0);
        Tensor y = OpSupport.like(xv);
        OpSupport.run(FORWARD, y, xv, bv);
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
            OpSupport.run(GRAD, db, g);
        }
        return new Tensor[] {needed[0] ? g : null, db}; // dL/dx = g
    }
}
