package io.rldt.autodiff.ops;

import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/**
 * Elementwise {@code y = min(a, b)} with broadcasting; {@code dL/da = g·([a < b] + ½[a = b])},
 * {@code dL/db = g − dL/da} (ties split evenly, as {@code torch.minimum}). Shapes: a:[...], b:[...] ->
 * broadcast(a, b). The shared forward and backward live in {@link Extremum}.
 */
public final class Minimum extends Extremum {
    private Minimum(Tensor a, Tensor b) {
        super(a, b, false);
    }

    public static Var apply(Var a, Var b) {
        return Extremum.apply(a, b, false, Minimum::new);
    }

    @Override
    public String name() {
        return "minimum";
    }
}
