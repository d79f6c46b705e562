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
            sameAs("gradients", gradients, "queries [B, P, D] (DELTA takes ∇Q at the queries)", queries);
        } else {
            rank3("centres", centres);
            if (centres.dim(0) != b || centres.dim(2) != d || centres.dim(1) < 1) {
                throw new IllegalArgumentException("TransportField: centres have shape " + Shapes.str(centres.shape())
                        + ", expected [B, P', D] = [" + b + ", P' >= 1, " + d + "] to match queries "
                        + Shapes.str(queries.shape()));
            }
            sameAs("gradients", gradients, "centres [B, P', D]", centres);
        }
        sameAs("phiOut", phiOut, "queries [B, P, D]", queries);
        if (shares(phiOut, queries) || shares(phiOut, gradients) || (centres != null && shares(phiOut, centres))) {
            throw new IllegalArgumentException("TransportField: phiOut shares its data with an input; "
                    + "pass a separate output tensor");
        }
    }

    /** Same storage, or (on the heap) the same array under two storages (two {@code Tensor.wrap}s of one array). */
    private static boolean shares(Tensor a, Tensor b) {
        if (a.storage() == b.storage()) return true;
        float[] x = a.storage().heapOrNull(), y = b.storage().heapOrNull();
        return x != null && x == y;
    }

    private static void rank3(String what, Tensor t) {
        if (t == null) throw new IllegalArgumentException("TransportField: " + what + " is null");
        if (t.rank() != 3) {
            throw new IllegalArgumentException("TransportField: " + what + " has shape " + Shapes.str(t.shape())
                    + ", expected rank 3 [B, P, D]");
        }
    }

    /** Compares dimension by dimension: {@code Tensor.shape()} returns a copy, and this runs every step. */
    private static void sameAs(String what, Tensor t, String likeWhat, Tensor like) {
        if (t == null) throw new IllegalArgumentException("TransportField: " + what + " is null");
        boolean same = t.rank() == like.rank();
        for (int i = 0; same && i < t.rank(); i++) same = t.dim(i) == like.dim(i);
        if (!same) {
            throw new IllegalArgumentException("TransportField: " + what + " has shape " + Shapes.str(t.shape())
                    + ", expected " + Shapes.str(like.shape()) + " like " + likeWhat);
        }
    }
}
