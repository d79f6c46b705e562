package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Backends;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * Gather along {@code axis} (rows for axis 0): {@code y[..., i, ...] = x[..., index[i], ...]}; repeats allowed.
 * Shapes: x:[..., d, ...], index:[m] -> [..., m, ...].
 */
public final class IndexSelect implements Op {
    private final int[] xShape;
    private final int axis;
    private final int[] index;

    private IndexSelect(int[] xShape, int axis, int[] index) {
        this.xShape = xShape;
        this.axis = axis;
        this.index = index;
    }

    public static Var apply(Var x, int axis, int... index) {
        int[] idx = index.clone();
        Tensor y = OpSupport.forward("indexSelect(axis " + axis + ")", () -> Ops.indexSelect(x.value(), axis, idx), x);
        return Tape.apply(new IndexSelect(x.shape(), axis, idx), y, x);
    }

    @Override
    public String name() {
        return "indexSelect";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // dL/dx[..., j, ...] = Σ_{i: index[i] = j} g[..., i, ...]  (scatter-add)
        Tensor dx = Tensor.zeros(xShape);
        Backends.current().indexAdd(g, axis, index, dx);
        return new Tensor[] {dx};
    }
}
