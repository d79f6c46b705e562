package io.rldt.autodiff;

import io.rldt.engine.Ops;
import io.rldt.engine.ReduceOp;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/** The adjoint of NumPy broadcasting: sums a gradient back to the shape of the input that was broadcast. */
public final class Broadcast {
    private Broadcast() {}

    /**
     * {@code g} summed over the axes along which {@code shape} was broadcast to {@code g.shape()}: the
     * leading axes {@code shape} lacks and the axes where {@code shape} has 1. Returns {@code g} itself when the
     * shapes already agree. Throws when {@code shape} does not broadcast to {@code g}'s shape.
     */
    public static Tensor sumTo(Tensor g, int[] shape) {
        if (g.hasShape(shape)) return g;
        int[] gs = g.shape();
        int lead = gs.length - shape.length;
        if (lead < 0) throw mismatch(gs, shape);
        int[] axes = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead) {
                axes[n++] = i;
            } else if (shape[i - lead] == 1 && gs[i] != 1) {
                axes[n++] = i;
            } else if (shape[i - lead] != gs[i]) {
                throw mismatch(gs, shape);
            }
        }
        Tensor r = n == 0 ? g : Ops.reduce(ReduceOp.SUM, g, true, java.util.Arrays.copyOf(axes, n));
        return r.reshape(shape);
    }

    private static IllegalArgumentException mismatch(int[] g, int[] shape) {
        return new IllegalArgumentException("gradient of shape " + Shapes.str(g) + " cannot be summed to "
                + Shapes.str(shape) + " (not a broadcast of it)");
    }
}
