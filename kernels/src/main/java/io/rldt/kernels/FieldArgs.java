package io.rldt.kernels;

import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/** Argument checks shared by the {@link TransportField} implementations; messages name tensors and shapes. */
final class FieldArgs {
    private FieldArgs() {}

    /** Validates the arguments of {@link TransportField#compute}; returns normally or throws. */
    static void check(Tensor queries, Tensor centres, Tensor gradients, SvgdOptions opts, Tensor phiOut) {
        if (opts == null) throw new IllegalArgumentException("TransportField: opts is null");
        rank3("queries", queries);
        int b = queries.dim(0);
        int d = queries.dim(2);
        if (opts.kernel() == SvgdOptions.Kernel.DELTA) {
            sameAs("gradients", gradients, "queries [B, P, D] (DELTA takes ∇Q at the queries)", queries.shape());
        } else {
            rank3("centres", centres);
            if (centres.dim(0) != b || centres.dim(2) != d || centres.dim(1) < 1) {
                throw new IllegalArgumentException("TransportField: centres have shape " + Shapes.str(centres.shape())
                        + ", expected [B, P', D] = [" + b + ", P' >= 1, " + d + "] to match queries "
                        + Shapes.str(queries.shape()));
            }
            sameAs("gradients", gradients, "centres [B, P', D]", centres.shape());
        }
        sameAs("phiOut", phiOut, "queries [B, P, D]", queries.shape());
        float[] out = phiOut.data();
        if (out == queries.data() || out == gradients.data() || (centres != null && out == centres.data())) {
            throw new IllegalArgumentException("TransportField: phiOut shares its data with an input; "
                    + "pass a separate output tensor");
        }
    }

    private static void rank3(String what, Tensor t) {
        if (t == null) throw new IllegalArgumentException("TransportField: " + what + " is null");
        if (t.rank() != 3) {
            throw new IllegalArgumentException("TransportField: " + what + " has shape " + Shapes.str(t.shape())
                    + ", expected rank 3 [B, P, D]");
        }
    }

    private static void sameAs(String what, Tensor t, String likeWhat, int[] expected) {
        if (t == null) throw new IllegalArgumentException("TransportField: " + what + " is null");
        if (!t.hasShape(expected)) {
            throw new IllegalArgumentException("TransportField: " + what + " has shape " + Shapes.str(t.shape())
                    + ", expected " + Shapes.str(expected) + " like " + likeWhat);
        }
    }
}
