package io.rldt.autodiff.optim;

import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Module;
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam and AdamW with PyTorch's update, operation for operation ({@code torch.optim._single_tensor_adam(w)},
 * float32 state, bias corrections in double):
 * <pre>
 *   t ← t + 1
 *   AdamW: p ← p·(1 − lr·λ)            Adam with λ &gt; 0: g ← g + λ·p   (L2, coupled)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Parameters without a gradient (never reached by backward) are skipped, as in PyTorch. State ({@code m},
 * {@code v} per parameter, one step count) is allocated once; {@link #step()} allocates nothing.
 * Not thread-safe.
 */
public final class Adam {
    private final Map<String, Var> params;
    private final Map<String, Tensor> m = new LinkedHashMap<>(), v = new LinkedHashMap<>(); // each [size of its param]
    private final double beta1, beta2, eps, weightDecay;
    private final boolean decoupled;
    private double lr;
    private long step;

    /** PyTorch's Adam defaults: β = (0.9, 0.999), ε = 1e-8, no weight decay. */
    public static Adam adam(Map<String, Var> params, double lr) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** AdamW with decoupled weight decay λ (PyTorch's default λ is 0.01). */
    public static Adam adamW(Map<String, Var> params, double lr, double weightDecay) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    public static Adam adam(Module module, double lr) {
        return adam(module.namedParameters(), lr);
    }

    public static Adam adamW(Module module, double lr, double weightDecay) {
        return adamW(module.namedParameters(), lr, weightDecay);
    }

    /** The general constructor; {@code decoupled} selects AdamW's weight decay over Adam's L2 term. */
    public Adam(Map<String, Var> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean decoupled) {
        if (!(lr >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: invalid hyper-parameters lr=" + lr + " betas=(" + beta1 + ", "
                    + beta2 + ") eps=" + eps + " weightDecay=" + weightDecay);
        }
        this.params = new LinkedHashMap<>(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        params.forEach((name, p) -> {
            m.put(name, Tensor.persistentZeros(p.value().size())); // where the backend computes; never recycled
            v.put(name, Tensor.persistentZeros(p.value().size()));
        });
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / bc1);
        float b1 = (float) beta1, b2 = (float) beta2, e = (float) eps, c2 = (float) bc2Sqrt;
        float omb1 = (float) (1 - beta1), omb2 = (float) (1 - beta2);
        float decay = (float) (1 - lr * weightDecay), wd = (float) weightDecay;
        boolean l2 = !decoupled && weightDecay != 0, dw = decoupled && weightDecay != 0;
        double[] args = {stepSize, b1, b2, e, c2, omb1, omb2, decay, wd, l2 ? 1 : 0, dw ? 1 : 0};
        for (Map.Entry<String, Var> entry : params.entrySet()) {
            Tensor g = entry.getValue().grad();
            if (g == null) continue;
            Backends.current().kernel(STEP, args, entry.getValue().value(), g, m.get(entry.getKey()), v.get(entry.getKey()));
        }
    }

    /** The update of one parameter p (out, updated in place) from its gradient g and its moments m, v (in place). */
    private static final HostKernel STEP = new HostKernel("adam_step", (param, in, a) -> { // in: g, m, v
        float[] p = param.data(), gd = in[0].data(), md = in[1].data(), vd = in[2].data();
        float stepSize = (float) a[0], b1 = (float) a[1], b2 = (float) a[2], e = (float) a[3], c2 = (float) a[4];
        float omb1 = (float) a[5], omb2 = (float) a[6], decay = (float) a[7], wd = (float) a[8];
        boolean l2 = a[9] != 0, dw = a[10] != 0;
        for (int i = 0, n = in[1].size(); i < n; i++) {
            if (dw) p[i] *= decay;
            float gi = l2 ? gd[i] + wd * p[i] : gd[i];
            md[i] = md[i] * b1 + omb1 * gi;
            vd[i] = vd[i] * b2 + omb2 * gi * gi;
            float denom = (float) Math.sqrt(vd[i]) / c2 + e;
            p[i] += (-stepSize * md[i]) / denom; // addcdiv order: (value·m)/denom
        }
    });

    /**
     * PyTorch's {@code clip_grad_norm_}: when the global L2 norm of all gradients exceeds {@code maxNorm}, scales
     * every gradient by {@code maxNorm / (norm + 1e-6)}. The norm is summed in double in parameter order (a fixed
     * order: reruns are bit-identical).
     *
     * @return the norm before clipping
     */
    public double clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("Adam.clipGradNorm: maxNorm " + maxNorm + ", expected > 0");
        Tensor[] grads = params.values().stream().map(Var::grad).filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
        Tensor norm = Tensor.zeros(3); // the norm as three floats (HostKernel.putDouble): the one value that leaves a device
        Backends.current().kernel(CLIP, new double[] {maxNorm}, norm, grads);
        return HostKernel.getDouble(norm.toArray(), 0);
    }

    /** The global norm of every gradient (in place: scaled when above maxNorm); out [3] = the norm (putDouble). */
    private static final HostKernel CLIP = new HostKernel("clip_grad_norm", (out, grads, a) -> { // in: every grad
        double ss = 0;
        for (Tensor g : grads) {
            float[] gd = g.data();
            for (int i = 0, n = g.size(); i < n; i++) ss += (double) gd[i] * gd[i];
        }
        double norm = Math.sqrt(ss);
        if (norm > a[0]) {
            float c = (float) (a[0] / (norm + 1e-6));
            for (Tensor g : grads) {
                float[] gd = g.data();
                for (int i = 0, n = g.size(); i < n; i++) gd[i] *= c;
            }
        }
        HostKernel.putDouble(out.data(), 0, norm);
    });

    public void zeroGrad() {
        for (Var p : params.values()) p.zeroGrad();
    }

    public double lr() { return lr; }

    /** Sets the learning rate for the next steps (schedules call this before each step). */
    public void setLr(double lr) { this.lr = lr; }

    /** Number of steps taken. */
    public long stepCount() { return step; }

    /** Short name used in checkpoint keys: {@code adam} or {@code adamw}. */
    public String kind() { return decoupled ? "adamw" : "adam"; }

    /**
     * The state as named tensors sharing this optimizer's buffers: {@code optim.<kind>.m.<param>} and
     * {@code optim.<kind>.v.<param>}. Checkpoints write them and load into them in place.
     */
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        params.forEach((name, p) -> {
            s.put("optim." + kind() + ".m." + name, m.get(name).reshape(p.shape()));
            s.put("optim." + kind() + ".v." + name, v.get(name).reshape(p.shape()));
        });
        return s;
    }

    /** Restores the step count (the tensors are restored through {@link #state()}). */
    public void setStepCount(long step) {
        if (step < 0) throw new IllegalArgumentException("step count " + step + " < 0");
        this.step = step;
    }
}
