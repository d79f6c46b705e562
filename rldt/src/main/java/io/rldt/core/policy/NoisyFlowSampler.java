package io.rldt.core.policy;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;

/**
 * The Euler sampler with per-step Gaussian noise of ReinFlow (learned σ) and Flow-DPPO (fixed σ) (baselines spec
 * §2.2, §3.2 option 1, §6.2), on the grid {@code t_k = k/K} in sampling <em>and</em> likelihood (ReinFlow's
 * release sampled at k/(K−1): its issue #5):
 * <pre>
 *   x_0 ~ N(0, I_D)                                                   (x_0 = 0 when deterministic)
 *   μ_k = clip(x_k + v(x_k, t_k, s)/K, lo, hi)                       (clipped intermediate means)
 *   σ_k = σ_ψ(s, t_k) ∈ [σ_min, σ_max]   or   max(σ_fixed, σ_min)
 *   x_{k+1} = μ_k + σ_k ⊙ clip(ξ, ±c),  ξ ~ N(0, I)                   (x_{k+1} = μ_k when deterministic)
 *   x_K ← clip(x_K, lo, hi);   a = x_K                                  (after the last step)
 *   log N(x_{k+1}; μ_k, σ_k²) = Σ_d [ −½((x_{k+1,d} − μ_{k,d})/σ_{k,d})² − log σ_{k,d} − ½ log 2π ]
 * </pre>
 * Steps {@code k < firstTrained} use the frozen net (Flow-DPPO fine-tunes only the last K' steps). As in
 * ReinFlow's and DPPO's code, the chain stores the clamped x_K (spec §2.2 "after the last step, x_K is clamped"),
 * so the last transition's likelihood is the Gaussian density at the clamped point, and the executed action is
 * that same x_K.
 */
public final class NoisyFlowSampler {
    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final VelocityNet net, frozen;
    private final NoiseNet noise;
    private final int steps, firstTrained;
    private final float lo, hi;
    private final double randnClip, sigmaMin, fixedSigma;
    private double sigmaMax;

    /** A sampled batch: {@code chain} [N, K+1, D] (x_0 .. x_K, x_K clamped to the box) and the executed {@code actions} [N, D] (= x_K). */
    public record Sample(Tensor chain, Tensor actions) {}

    /** Gaussian transitions of M rows, on the tape: {@code mean}, {@code logStd} [M, D]. */
    public record Transition(Var mean, Var logStd) {}

    /** Per state [B] on the tape: the chain log-likelihood and entropy, both divided by (K+1)·D. */
    public record ChainTerms(Var logLikelihood, Var entropy) {}

    /**
     * @param net          the trained velocity net v_θ
     * @param frozen       the pretrained net for steps {@code k < firstTrained} (null when every step is trained)
     * @param noise        σ_ψ, or null for the fixed σ {@code max(fixedSigma, sigmaMin)}
     * @param steps        K
     * @param lo, hi       the action box (intermediate means and the action are clipped to it)
     */
    public NoisyFlowSampler(VelocityNet net, VelocityNet frozen, NoiseNet noise, int steps, int firstTrained, float lo,
                            float hi, double randnClip, double sigmaMin, double sigmaMax, double fixedSigma) {
        if (firstTrained > 0 && frozen == null) throw new IllegalArgumentException("NoisyFlowSampler: steps below " + firstTrained + " need a frozen net");
        this.net = net;
        this.frozen = frozen;
        this.noise = noise;
        this.steps = steps;
        this.firstTrained = firstTrained;
        this.lo = lo;
        this.hi = hi;
        this.randnClip = randnClip;
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.fixedSigma = Math.max(fixedSigma, sigmaMin);
    }

    /** σ_max for the next rollout and update (ReinFlow's schedule sets it once per iteration). */
    public void setSigmaMax(double s) { this.sigmaMax = s; }

    public int steps() { return steps; }

    public int firstTrained() { return firstTrained; }

    /** t_k = k/K. */
    public float time(int k) { return (float) k / steps; }

    /** Runs the chain for every row of {@code obs} [N, O]; nothing is recorded on a tape. */
    public Sample sample(Tensor obs, Rng rng, boolean deterministic) {
        int n = obs.dim(0), d = net.actionDim();
        Tensor chain = Tensor.zeros(n, steps + 1, d), x = Tensor.zeros(n, d), t = Tensor.zeros(n, 1);
        float[] c = chain.data();
        if (!deterministic) for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) c[(i * (steps + 1)) * d + j] = (float) rng.nextGaussian();
        try (var ignored = Tape.noGrad()) {
            Var s = Var.constant(obs);
            for (int k = 0; k < steps; k++) {
                for (int i = 0; i < n; i++) System.arraycopy(c, (i * (steps + 1) + k) * d, x.data(), i * d, d);
                java.util.Arrays.fill(t.data(), time(k));
                VelocityNet v = k < firstTrained ? frozen : net;
                float[] mean = v.forward(Var.constant(x), Var.constant(t), s).value().data();
                float[] std = deterministic ? null : std(t, s, n, d);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        float mu = Math.min(hi, Math.max(lo, x.data()[i * d + j] + mean[i * d + j] / steps));
                        float xi = deterministic ? 0f : (float) Math.max(-randnClip, Math.min(randnClip, rng.nextGaussian()));
                        c[(i * (steps + 1) + k + 1) * d + j] = deterministic ? mu : mu + std[i * d + j] * xi;
                    }
                }
            }
        }
        // x_K is clamped to the action box in the chain itself (the stored, scored and executed value).
        Tensor actions = Tensor.zeros(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                int at = (i * (steps + 1) + steps) * d + j;
                c[at] = Math.min(hi, Math.max(lo, c[at]));
                actions.data()[i * d + j] = c[at];
            }
        }
        return new Sample(chain, actions);
    }

    private float[] std(Tensor t, Var s, int n, int d) {
        if (noise == null) {
            float[] out = new float[n * d];
            java.util.Arrays.fill(out, (float) fixedSigma);
            return out;
        }
        return noise.logStd(noise.timeFeatures(net, t), s, sigmaMin, sigmaMax).exp().value().data();
    }

    /**
     * (μ_k, log σ_k) of the trained net for rows x_k [M, D] at steps {@code ks} [M] and states s [M, O], on the
     * current tape: {@code μ = clip(x + v_θ(x, t_k, s)/K, lo, hi)} (no gradient where the clip binds).
     */
    public Transition transition(Tensor x, int[] ks, Tensor s) {
        int m = x.dim(0), d = x.dim(1);
        Tensor t = Tensor.zeros(m, 1);
        for (int i = 0; i < m; i++) t.data()[i] = time(ks[i]);
        Var sv = Var.constant(s);
        Var mean = net.forward(Var.constant(x), Var.constant(t), sv).scale(1f / steps).add(x).clamp(lo, hi);
        Var logStd;
        if (noise != null) {
            logStd = noise.logStd(noise.timeFeatures(net, t), sv, sigmaMin, sigmaMax);
        } else {
            Tensor fixed = Tensor.zeros(m, d);
            java.util.Arrays.fill(fixed.data(), (float) Math.log(fixedSigma));
            logStd = Var.constant(fixed);
        }
        return new Transition(mean, logStd);
    }

    /** Element-wise {@code log N(x; μ, σ²) = −½((x − μ)/σ)² − log σ − ½ log 2π}: x [M, D], μ, log σ [M, D] → [M, D]. */
    public static Var gaussianLogDensity(Tensor x, Var mean, Var logStd) {
        Var z = mean.neg().add(x).mul(logStd.neg().exp());
        return z.square().scale(-0.5f).sub(logStd).plus((float) -HALF_LOG_2PI);
    }

    /**
     * ReinFlow's chain terms for chains [B, K+1, D] and states [B, O] (spec §2.2), each divided by (K+1)·D:
     * <pre>
     *   log p(chain|s) = log N(x_0; 0, I) + Σ_k log N(x_{k+1}; μ_k, σ_k²)
     *   H(chain|s)     = D·½(1 + log 2π) + Σ_k Σ_d [ log σ_{k,d} + ½(1 + log 2π) ]
     * </pre>
     * All K transitions go through the nets in one batch of B·K rows (row b·K + k).
     */
    public ChainTerms chainTerms(Tensor chain, Tensor s) {
        int b = chain.dim(0), d = chain.dim(2), o = s.dim(1), m = b * steps;
        Tensor x = Tensor.zeros(m, d), next = Tensor.zeros(m, d), sr = Tensor.zeros(m, o), x0 = Tensor.zeros(b);
        int[] ks = new int[m];
        float[] c = chain.data();
        for (int i = 0; i < b; i++) {
            double log0 = 0;
            for (int j = 0; j < d; j++) {
                double v = c[i * (steps + 1) * d + j];
                log0 += -0.5 * v * v - HALF_LOG_2PI;
            }
            x0.data()[i] = (float) log0;
            for (int k = 0; k < steps; k++) {
                int row = i * steps + k;
                ks[row] = k;
                System.arraycopy(c, (i * (steps + 1) + k) * d, x.data(), row * d, d);
                System.arraycopy(c, (i * (steps + 1) + k + 1) * d, next.data(), row * d, d);
                System.arraycopy(s.data(), i * o, sr.data(), row * o, o);
            }
        }
        Transition tr = transition(x, ks, sr);
        float norm = 1f / ((steps + 1) * d);
        Var logLikelihood = gaussianLogDensity(next, tr.mean(), tr.logStd()).reshape(b, steps * d).sum(false, 1)
                .add(x0).scale(norm);
        float halfLog2piE = (float) (0.5 + HALF_LOG_2PI);
        Var entropy = tr.logStd().plus(halfLog2piE).reshape(b, steps * d).sum(false, 1).plus(d * halfLog2piE).scale(norm);
        return new ChainTerms(logLikelihood, entropy);
    }
}
