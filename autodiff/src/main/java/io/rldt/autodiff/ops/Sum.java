package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Ops;
import io.rldt.engine.ReduceOp;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/**
 * Sum or mean over {@code axes}, keeping them as size 1 or removing them. Shapes: x:[d0..dr] ->
 * x's shape with the axes set to 1 ({@code keepDims}) or dropped. Mean is the same op with a 1/count factor.
 */
public final class Sum implements Op {
    private final int[] xShape;
    private final int[] keepShape;
    private final float factor;
    private final boolean mean;

    private Sum(int[] xShape, int[] keepShape, float factor, boolean mean) {
        this.xShape = xShape;
        this.keepShape = keepShape;
        this.factor = factor;
        this.mean = mean;
    }

    /** Sum over {@code axes} (all axes when empty). */
    public static Var sum(Var x, boolean keepDims, int... axes) {
        return apply(x, keepDims, false, axes);
    }

    /** Mean over {@code axes} (all axes when empty). */
    public static Var mean(Var x, boolean keepDims, int... axes) {
        return apply(x, keepDims, true, axes);
    }

    private static Var apply(Var x, boolean keepDims, boolean mean, int[] axes) {
        int[] ax = axes.length == 0 ? Ops.allAxes(x.rank()) : axes;
        String op = mean ? "mean" : "sum";
        Tensor y = OpSupport.forward(op, () -> Ops.reduce(mean ? ReduceOp.MEAN : ReduceOp.SUM, x.value(), keepDims, ax), x);
        int[] keep = Shapes.reduced(x.shape(), ax, true);
        float factor = mean ? (float) (1.0 / (x.value().size() / Math.max(1, Shapes.size(keep)))) : 1f;
        return Tape.apply(new Sum(x.shape(), keep, factor, mean), y, x);
    }

    @Override
    public String name() {
        return mean ? "mean" : "sum";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // sum:  dL/dx = g broadcast back over the reduced axes;  mean: the same times 1/count
        Tensor dx = OpSupport.expand(g.reshape(keepShape), xShape);
        if (mean) {
            OpSupport.run(Scale.GRAD, new double[] {factor}, dx, dx); // dx ← factor·dx, in place
        }
        return new Tensor[] {dx};
    }
}
