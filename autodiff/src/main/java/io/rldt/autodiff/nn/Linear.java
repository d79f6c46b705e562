package io.rldt.autodiff.nn;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.ops.LinearAct;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;

/**
 * Affine layer {@code y = x·Wᵀ + b} with PyTorch's layout. Shapes: x:[..., in] -> [..., out];
 * parameters {@code weight}:[out, in], {@code bias}:[out]. Initialised from an explicit {@link Rng}
 * (weights first, row-major, then bias) according to an {@link Init}.
 */
public final class Linear extends Module {
    private final Var weight, bias;
    private final int in, out;

    public Linear(int in, int out, Rng rng) {
        this(in, out, true, Init.torchDefault(), rng);
    }

    public Linear(int in, int out, boolean withBias, Init init, Rng rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): sizes must be > 0");
        this.in = in;
        this.out = out;
        float[] w = new float[out * in];
        float[] b = new float[out];
        if (init.kind() == Init.Kind.TORCH_DEFAULT) {
            double bound = 1.0 / Math.sqrt(in);
            for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            for (int i = 0; i < b.length; i++) b[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        } else {
            for (int i = 0; i < w.length; i++) w[i] = (float) (init.std() * rng.nextGaussian());
        }
        this.weight = param("weight", Tensor.wrap(w, out, in));
        this.bias = withBias ? param("bias", Tensor.wrap(b, out)) : null;
    }

    public Var forward(Var x) {
        return forward(x, Activation.IDENTITY); // the fused op: bias added in place, no second buffer
    }

    /**
     * {@code act(x·Wᵀ + b)}: ReLU, SiLU and identity run as one fused op ({@link LinearAct}, same bits as
     * {@code act.apply(forward(x))}); the other activations are applied after the layer.
     */
    public Var forward(Var x, Activation act) {
        LinearAct.Kind kind = switch (act) {
            case RELU -> LinearAct.Kind.RELU;
            case SILU -> LinearAct.Kind.SILU;
            case IDENTITY -> LinearAct.Kind.IDENTITY;
            default -> null;
        };
        if (kind == null) return act.apply(forward(x));
        checkInput(x);
        return F.linear(x, weight, bias, kind);
    }

    private void checkInput(Var x) {
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): input " + x.describe()
                    + " must have last dimension " + in);
        }
    }

    public Var weight() { return weight; }

    /** The bias, or null for a layer built without one. */
    public Var bias() { return bias; }

    public int in() { return in; }

    public int out() { return out; }
}
