package io.rldt.autodiff.nn;

/**
 * How a {@link Linear} layer draws its initial weights.
 *
 * <ul>
 *   <li>{@link #torchDefault()}: PyTorch's {@code nn.Linear} default, kaiming-uniform with {@code a = √5}
 *       (gain √(2/(1 + a²)) = √(1/3), bound gain·√(3/fan_in) = 1/√fan_in) for the weights and
 *       U(±1/√fan_in) for the bias.</li>
 *   <li>{@link #normal(double)}: weights N(0, σ²) and zero bias (the RLDT critic uses σ = 0.1).</li>
 * </ul>
 */
public record Init(Kind kind, double std) {
    public enum Kind { TORCH_DEFAULT, NORMAL }

    public static Init torchDefault() {
        return new Init(Kind.TORCH_DEFAULT, 0);
    }

    public static Init normal(double std) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal init: std " + std + " must be >= 0");
        return new Init(Kind.NORMAL, std);
    }
}
