package io.rldt.autodiff.ops;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.ActivationKernels;
import io.rldt.engine.FastMath;
import io.rldt.engine.Tensor;

/**
 * SiLU (swish) {@code y = x·σ(x)}. Shapes: x:[...] -> [...]. σ comes from {@link FastMath#sigmoid} (SIMD when
 * available: SiLU runs on every critic layer, the hottest activation of a training step) and is kept for the
 * backward pass.
 */
public final class Silu extends Elementwise {
    private final float[] sig;

    private Silu(Tensor x, Tensor y, float[] sig) {
        super(x, y);
        this.sig = sig;
    }

    public static Var apply(Var x) {
        Tensor xt = x.value(), y = OpSupport.like(xt);
        int n = xt.size();
        // σ is kept only for a backward pass; without one it is computed straight into y
        float[] sig = Tape.willRecord(x) ? new float[n] : y.data();
        FastMath.sigmoid(xt.data(), sig, n);
        ActivationKernels.mul(xt.data(), sig, y.data(), n);
        return Tape.apply(new Silu(xt, y, sig), y, x);
    }

    @Override
    public String name() {
        return "silu";
    }

    @Override
    protected Tensor grad(Tensor g) {
        // dL/dx = g·σ(x)·(1 + x·(1 − σ(x)))
        Tensor dx = OpSupport.like(x);
        ActivationKernels.siluGrad(x.data(), sig, g.data(), dx.data(), x.size());
        return dx;
    }
}
