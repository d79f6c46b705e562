package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * Matrix product {@code y = op(a)·op(b)}, {@code op} transposing the last two axes when its flag is set.
 * Shapes (untransposed): a:[m,k] or [batch,m,k], b:[k,n] or [batch,k,n] -> [m,n] or [batch,m,n]; a rank-2
 * operand is broadcast over the other's batch (its gradient comes back batched and the tape sums the batch).
 */
public final class MatMul implements Op {
    private final Tensor a, b;
    private final boolean ta, tb;

    private MatMul(Tensor a, boolean ta, Tensor b, boolean tb) {
        this.a = a;
        this.b = b;
        this.ta = ta;
        this.tb = tb;
    }

    public static Var apply(Var a, boolean ta, Var b, boolean tb) {
        Tensor av = a.value(), bv = b.value();
        Tensor y = OpSupport.forward("matmul", () -> Ops.matmul(av, ta, bv, tb), a, b);
        return Tape.apply(new MatMul(av, ta, bv, tb), y, a, b);
    }

    @Override
    public String name() {
        return "matmul" + (ta ? "(aᵀ)" : "") + (tb ? "(bᵀ)" : "");
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor da = null, db = null;
        if (needed[0]) {
            // y = A·B:  dL/dA = g·Bᵀ;  y = Aᵀ·B: dL/dA = (g·op(B)ᵀ)ᵀ = op(B)·gᵀ
            da = ta ? Ops.matmul(b, tb, g, true) : Ops.matmul(g, false, b, !tb);
        }
        if (needed[1]) {
            // y = A·B:  dL/dB = Aᵀ·g;  y = A·Bᵀ: dL/dB = (op(A)ᵀ·g)ᵀ = gᵀ·op(A)
            db = tb ? Ops.matmul(g, true, a, ta) : Ops.matmul(a, !ta, g, false);
        }
        return new Tensor[] {da, db};
    }
}
