package io.rldt.core.policy;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Init;
import io.rldt.autodiff.nn.Linear;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.autodiff.nn.Module;
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;

/**
 * SAC's actor (baselines spec §1.1): an MLP trunk with two heads, the mean μ(s) and a raw log-std, squashed
 * into an action box by tanh. Parameters {@code trunk.layers.<i>.*}, {@code mean.*}, {@code log_std.*}
 * (CleanRL's {@code fc1, fc2, fc_mean, fc_logstd}).
 * <pre>
 *   log σ  = −5 + 3.5·(tanh(raw) + 1)                        ∈ [−5, 2]
 *   u      = μ + σ·ξ,  ξ ~ N(0, I)                            (reparameterised)
 *   a      = c·tanh(u) + b,  c = (high − low)/2, b = (high + low)/2
 *   log π  = Σ_j [ log N(u_j; μ_j, σ_j²) − log(c_j·(1 − tanh²(u_j)) + 1e−6) ]
 *   deterministic action: c·tanh(μ) + b
 * </pre>
 */
public final class SquashedGaussianPolicy extends Module {
    static final float LOG_STD_MIN = -5f, LOG_STD_MAX = 2f;
    private final Mlp trunk;
    private final Linear mean, logStd;
    private final int obsDim, actionDim;
    private final float[] scale, offset; // c and b, [A]
    private final Tensor scaleT, offsetT; // the same as [1, A] tensors where the backend computes
    private final double[] squashArgs;    // {c_0..c_{A−1}, b_0..b_{A−1}}

    /**
     * @param hidden width of the two hidden ReLU layers (256 in CleanRL)
     * @param low    [A] lower action bound
     * @param high   [A] upper action bound
     */
    public SquashedGaussianPolicy(int obsDim, int actionDim, int hidden, double[] low, double[] high, Rng rng) {
        if (low.length != actionDim || high.length != actionDim) {
            throw new IllegalArgumentException("action bounds have " + low.length + "/" + high.length + " entries, expected " + actionDim);
        }
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.trunk = child("trunk", new Mlp(new int[] {obsDim, hidden, hidden}, Activation.RELU, Activation.RELU,
                Init.torchDefault(), rng));
        this.mean = child("mean", new Linear(hidden, actionDim, true, Init.torchDefault(), rng));
        this.logStd = child("log_std", new Linear(hidden, actionDim, true, Init.torchDefault(), rng));
        scale = new float[actionDim];
        offset = new float[actionDim];
        for (int j = 0; j < actionDim; j++) {
            if (!(Double.isFinite(low[j]) && Double.isFinite(high[j]) && high[j] > low[j])) {
                throw new IllegalArgumentException("SAC needs a finite action box; dimension " + j + " is [" + low[j] + ", " + high[j] + "]");
            }
            scale[j] = (float) ((high[j] - low[j]) / 2);
            offset[j] = (float) ((high[j] + low[j]) / 2);
        }
        scaleT = Tensor.of(scale, 1, actionDim);
        offsetT = Tensor.of(offset, 1, actionDim);
        squashArgs = new double[2 * actionDim];
        for (int j = 0; j < actionDim; j++) {
            squashArgs[j] = scale[j];
            squashArgs[actionDim + j] = offset[j];
        }
    }

    public int obsDim() { return obsDim; }

    public int actionDim() { return actionDim; }

    /** The Gaussian before squashing: μ [N, A] and log σ [N, A]. */
    public record Head(Var mean, Var logStd) {}

    /** A reparameterised sample: the action a [N, A] and log π(a|s) [N]. */
    public record Sample(Var action, Var logProb) {}

    /** {@code obs [N, O]} → μ, log σ (on the current tape). */
    public Head head(Var obs) {
        Var h = trunk.forward(obs);
        Var raw = F.tanh(logStd.forward(h));
        // log σ = min + ½(max − min)(tanh(raw) + 1)
        float half = 0.5f * (LOG_STD_MAX - LOG_STD_MIN);
        return new Head(mean.forward(h), F.affine(raw, half, LOG_STD_MIN + half));
    }

    /** a = c·tanh(u) + b with log π(a|s), u = μ + σ·ξ, on the current tape (gradients flow through μ and σ). */
    public Sample sample(Var obs, Rng rng) {
        Head hd = head(obs);
        int n = obs.dim(0);
        Tensor xi = Tensor.zeros(n, actionDim);
        Backends.current().randomNormal(rng, 0f, 1f, xi); // ξ ~ N(0, I), row-major from rng, where xi lives
        Var u = F.add(hd.mean(), F.mul(F.exp(hd.logStd()), Var.constant(xi)));
        Var y = F.tanh(u);
        Var c = Var.constant(scaleT);
        Var b = Var.constant(offsetT);
        Var action = F.add(F.mul(y, c), b);
        // log(c·(1 − y²) + 1e−6) = log(c − c·y² + 1e−6), summed over the action's dimensions
        Var logDet = F.sum(F.log(F.addScalar(F.mul(F.affine(F.square(y), -1f, 1f), c), 1e-6f)), false, -1);
        Var logProb = F.sub(F.gaussianLogProb(u, hd.mean(), hd.logStd()), logDet);
        return new Sample(action, logProb);
    }

    /** The deterministic action c·tanh(μ(s)) + b for {@code obs [N, O]} → [N, A]; no tape. */
    public Tensor deterministic(Tensor obs) {
        try (var ignored = io.rldt.autodiff.Tape.noGrad()) {
            Var mu = head(Var.constant(obs)).mean();
            Tensor out = Tensor.zeros(obs.dim(0), actionDim);
            Backends.current().kernel(SQUASH, squashArgs, out, mu.value());
            return out;
        }
    }

    /** a [N, A] = c·tanh(μ) + b per column; in: μ; p = {c.., b..}. */
    private static final HostKernel SQUASH = new HostKernel("tanh_squash", (out, in, p) -> {
        float[] m = in[0].data(), o = out.data();
        int a = p.length / 2;
        for (int i = 0, n = out.size(); i < n; i++) {
            int j = i % a;
            o[i] = (float) p[j] * (float) Math.tanh(m[i]) + (float) p[a + j];
        }
    });

    /** A stochastic action for {@code obs [N, O]} → [N, A]; no tape. */
    public Tensor stochastic(Tensor obs, Rng rng) {
        try (var ignored = io.rldt.autodiff.Tape.noGrad()) {
            return sample(Var.constant(obs), rng).action().value();
        }
    }
}
