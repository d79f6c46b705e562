package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Ops;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/** Axis permutation {@code y.shape[i] = x.shape[perm[i]]} (transpose is the special case). */
public final class Permute implements Op {
    private final int[] inverse;

    private Permute(int[] inverse) {
        this.inverse = inverse;
    }

    public static Var apply(Var x, int... perm) {
        Tensor y = OpSupport.forward("permute" + java.util.Arrays.toString(perm), () -> Ops.permute(x.value(), perm), x);
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[Shapes.axis(perm[i], perm.length)] = i;
        return Tape.apply(new Permute(inv), y, x);
    }

    @Override
    public String name() {
        return "permute";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {Ops.permute(g, inverse)}; // dL/dx = g permuted by the inverse permutation
    }
}
