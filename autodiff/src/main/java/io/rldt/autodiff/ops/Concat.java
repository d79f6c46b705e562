package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Ops;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/** Concatenation along {@code axis}. Shapes: xᵢ:[..., dᵢ, ...] -> [..., Σdᵢ, ...]. */
public final class Concat implements Op {
    private final int axis;
    private final int[] sizes;

    private Concat(int axis, int[] sizes) {
        this.axis = axis;
        this.sizes = sizes;
    }

    public static Var apply(int axis, Var... xs) {
        if (xs.length == 0) throw new IllegalArgumentException("concat: no inputs");
        Tensor[] vs = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) vs[i] = xs[i].value();
        Tensor y = OpSupport.forward("concat(axis " + axis + ")", () -> {
            for (Tensor v : vs) {
                if (v.rank() != vs[0].rank()) throw new IllegalArgumentException("ranks differ");
            }
            return Ops.concat(axis, vs);
        }, xs);
        int ax = Shapes.axis(axis, vs[0].rank());
        int[] sizes = new int[xs.length];
        for (int i = 0; i < xs.length; i++) sizes[i] = vs[i].dim(ax);
        return Tape.apply(new Concat(ax, sizes), y, xs);
    }

    @Override
    public String name() {
        return "concat";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // dL/dxᵢ = g[..., offsetᵢ : offsetᵢ + dᵢ, ...]
        Tensor[] out = new Tensor[sizes.length];
        int start = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (needed[i]) out[i] = Ops.slice(g, axis, start, start + sizes[i]);
            start += sizes[i];
        }
        return out;
    }
}
