package io.rldt.autodiff.nn;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;

/**
 * Layer normalisation over the last axis with learned {@code weight} (ones) and {@code bias} (zeros), as
 * PyTorch's {@code nn.LayerNorm(C)}. Shapes: x:[..., C] -> [..., C].
 */
public final class LayerNorm extends Module {
    private final Var weight, bias;
    private final float eps;

    public LayerNorm(int c) {
        this(c, 1e-5f);
    }

    public LayerNorm(int c, float eps) {
        this.weight = param("weight", Tensor.ones(c));
        this.bias = param("bias", Tensor.zeros(c));
        this.eps = eps;
    }

    public Var forward(Var x) {
        return F.layerNorm(x, weight, bias, eps);
    }
}
