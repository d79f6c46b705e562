package io.rldt.autodiff.ops;

import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/**
 * Elementwise {@code y = max(a, b)} with broadcasting; {@code dL/da = g·([a > b] + ½[a = b])},
 * {@code dL/db = g − dL/da} (ties split evenly, as {@code torch.maximum}). Shapes: a:[...], b:[...] ->
 * broadcast(a, b). The shared forward and backward live in {@link Extremum}.
 */
public final class Maximum extends Extremum {
    private Maximum(Tensor a, Tensor b) {
        super(a, b, true);
    }

    public static Var apply(Var a, Var b) {
        return Extremum.apply(a, b, true, Maximum::new);
    }

    @Override
    public String name() {
        return "maximum";
    }
}
