package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Backends;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/** {@code y = x[..., start:end, ...]} along {@code axis}. Shapes: x:[..., d, ...] -> [..., end − start, ...]. */
public final class Slice implements Op {
    private final int[] xShape;
    private final int axis, start;

    private Slice(int[] xShape, int axis, int start) {
        this.xShape = xShape;
        this.axis = axis;
        this.start = start;
    }

    public static Var apply(Var x, int axis, int start, int end) {
        Tensor y = OpSupport.forward("slice(axis " + axis + ", " + start + ":" + end + ")", () -> {
            int d = x.value().dim(axis);
            if (start < 0 || end > d || start > end) {
                throw new IndexOutOfBoundsException("range " + start + ":" + end + " outside [0, " + d + "]");
            }
            return Ops.slice(x.value(), axis, start, end);
        }, x);
        return Tape.apply(new Slice(x.shape(), axis, start), y, x);
    }

    @Override
    public String name() {
        return "slice";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // dL/dx = g scattered into zeros at [start, end) along axis
        Tensor dx = Tensor.zeros(xShape);
        Backends.current().sliceInto(g, axis, start, dx, false);
        return new Tensor[] {dx};
    }
}
