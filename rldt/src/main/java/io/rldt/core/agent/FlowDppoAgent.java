package io.rldt.core.agent;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.optim.Adam;
import io.rldt.core.config.ChainConfig;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.config.PpoConfig;
import io.rldt.core.critic.ValueNet;
import io.rldt.core.data.OnPolicyBatch;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.NoisyFlowSampler;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flow-DPPO: DPPO's two-layer-MDP PPO (arXiv 2409.00588) on the flow policy with fixed per-step Gaussian noise
 * (baselines spec §3.2 option 1, trainer §3.3). The update, top to bottom, in this file.
 *
 * <h2>Notation</h2> {@code K} Euler steps, {@code K'} fine-tuned steps (the last ones, {@code k ≥ K − K'}),
 * {@code D = H·A}; a sample is a pair (state, k); {@code t_k = k/K}.
 *
 * <h2>Policy [§3.2 option 1]</h2> {@link NoisyFlowSampler} with the fixed σ = max(σ_fixed, σ_min):
 * <pre>
 *   x_{k+1} ~ N( clip(x_k + v(x_k, t_k, s)/K, lo, hi), σ²·I )     v = v_frozen for k &lt; K − K', v_θ after
 * </pre>
 *
 * <h2>Loss [§3.3]</h2> per minibatch of (state, k) pairs:
 * <pre>
 *   ℓ_k(s)  = mean_d clamp( log N(x_{k+1,d}; μ_{k,d}, σ²), −5, 2 )     (clamped per element, averaged over D)
 *   ρ       = exp(ℓ_k,new − ℓ_k,old)
 *   Â       = (A − mean A)/std A · γ_den^(K−1−k)                         (per minibatch, then denoising discount)
 *   L_pg    = mean( max(−Â·ρ, −Â·clip(ρ, 1 − ε, 1 + ε)) ),   ε = 0.01
 *   L       = L_pg + c_v·½·mean( (V(s) − R)² )                            (no entropy bonus, no BC)
 * </pre>
 * V(s) steps every minibatch, v_θ once the critic warm-up is over (AdamW both); the epochs stop when approx-KL
 * exceeds {@code targetKl}. Learning rates: CosineAnnealingWarmupRestarts per training iteration ({@link PpoConfig};
 * DPPO's is warm-up 10, cycle 1000 with min = peak, a constant 1e-4). x_K is clamped to the action box in the
 * chain, as DPPO's sampler does.
 *
 * <p>Record per executed chunk: the last K'+1 latents x_{K−K'} .. x_K [(K'+1)·D] and ℓ_k,old [K'].
 */
public final class FlowDppoAgent implements OnPolicyAgent {
    private final OnPolicyConfig cfg;
    private final FlowPolicy policy;
    private final VelocityNet frozen;
    private final ValueNet value;
    private final NoisyFlowSampler sampler;
    private final Adam actorOptimizer, criticOptimizer;
    private final int steps, trained, firstTrained, dim;

    public FlowDppoAgent(OnPolicyConfig cfg, FlowPolicy policy, float low, float high, Rng initRng) {
        this.cfg = cfg;
        this.policy = policy;
        this.steps = cfg.denoisingSteps();
        this.trained = cfg.chain().fineTunedSteps() > 0 ? cfg.chain().fineTunedSteps() : (steps + 1) / 2;
        this.firstTrained = steps - trained;
        this.dim = policy.actionDim();
        this.frozen = new VelocityNet(policy.obsDim(), dim, cfg.policy(), initRng.split());
        frozen.copyFrom(policy.net());
        this.value = new ValueNet(policy.obsDim(), cfg.ppo().valueHidden(), initRng.split());
        ChainConfig c = cfg.chain();
        this.sampler = new NoisyFlowSampler(policy.net(), frozen, null, steps, firstTrained, low, high, c.randnClip(),
                c.sigmaMin(), c.sigmaMax(), c.fixedSigma());
        this.actorOptimizer = Adam.adamW(policy.net(), cfg.ppo().actorLr(), cfg.ppo().actorWeightDecay());
        this.criticOptimizer = Adam.adamW(value, cfg.ppo().criticLr(), cfg.ppo().criticWeightDecay());
    }

    @Override
    public void beginIteration(int trainIteration) {
        Ppo.setLearningRates(cfg.ppo(), cfg.loop().criticWarmupIterations(), trainIteration, actorOptimizer, criticOptimizer);
    }

    // =====================================================================================  acting

    @Override
    public int recordWidth() { return (trained + 1) * dim + trained; }

    @Override
    public Acting act(Tensor obs, Rng rng) {
        NoisyFlowSampler.Sample sample = sampler.sample(obs, rng, false);
        int n = obs.dim(0), width = recordWidth(), latents = (trained + 1) * dim;
        Tensor records = Tensor.zeros(n, width);
        for (int i = 0; i < n; i++) {
            System.arraycopy(sample.chain().data(), (i * (steps + 1) + firstTrained) * dim, records.data(), i * width, latents);
        }
        // ℓ_k,old of every (row, trained k), through the same function as the update.
        int[] rows = new int[n * trained], ks = new int[n * trained];
        for (int p = 0; p < rows.length; p++) {
            rows[p] = p / trained;
            ks[p] = firstTrained + p % trained;
        }
        float[] old;
        try (var ignored = Tape.noGrad()) {
            old = stepLogProb(records, obs, rows, ks).value().data();
        }
        for (int p = 0; p < rows.length; p++) records.data()[rows[p] * width + latents + ks[p] - firstTrained] = old[p];
        return new Acting(sample.actions(), records);
    }

    @Override
    public Tensor actDeterministic(Tensor obs) {
        return sampler.sample(obs, null, true).actions();
    }

    /**
     * ℓ_k(s) = mean_d clamp(log N(x_{k+1,d}; μ_{k,d}, σ²), −5, 2) [M] on the current tape, for pairs
     * (row {@code rows[p]} of {@code records} [·, X] and {@code states} [·, O], step {@code ks[p]}).
     */
    Var stepLogProb(Tensor records, Tensor states, int[] rows, int[] ks) {
        int m = rows.length, o = states.dim(1), width = recordWidth();
        Tensor xk = Tensor.zeros(m, dim), next = Tensor.zeros(m, dim), s = Tensor.zeros(m, o);
        for (int p = 0; p < m; p++) {
            int at = rows[p] * width + (ks[p] - firstTrained) * dim;
            System.arraycopy(records.data(), at, xk.data(), p * dim, dim);
            System.arraycopy(records.data(), at + dim, next.data(), p * dim, dim);
            System.arraycopy(states.data(), rows[p] * o, s.data(), p * o, o);
        }
        NoisyFlowSampler.Transition tr = sampler.transition(xk, ks, s);
        return NoisyFlowSampler.gaussianLogDensity(next, tr.mean(), tr.logStd())
                .clamp((float) cfg.chain().logprobMin(), (float) cfg.chain().logprobMax()).mean(false, 1);
    }

    // =====================================================================================  update [§3.3]

    @Override
    public Map<String, Double> update(OnPolicyBatch batch, int trainIteration, Rng rng) {
        PpoConfig p = cfg.ppo();
        boolean actorActive = trainIteration >= cfg.loop().criticWarmupIterations();
        int pairs = batch.size() * trained; // sample q is (state q / K', step K − K' + q mod K')
        Map<String, Double> out = Ppo.epochs(pairs, Ppo.minibatchSize(p, pairs), p.epochs(), p.targetKl(), rng,
                mb -> minibatchStep(batch, mb, actorActive));
        out.put("actor/active", actorActive ? 1.0 : 0.0);
        out.put("actor/lr", actorOptimizer.lr());
        out.put("critic/lr", criticOptimizer.lr());
        return out;
    }

    /** One gradient step on the (state, k) pairs {@code pairs}; returns its metrics. */
    Map<String, Double> minibatchStep(OnPolicyBatch batch, int[] pairs, boolean actorActive) {
        actorOptimizer.zeroGrad();
        criticOptimizer.zeroGrad();
        Map<String, Double> m = new LinkedHashMap<>();
        try (Tape tape = Tape.record()) {
            tape.backward(loss(batch, pairs, actorActive, m));
        }
        criticOptimizer.step();
        if (actorActive) actorOptimizer.step();
        return m;
    }

    /** L = L_pg + c_v·L_V on the pairs (only c_v·L_V before the actor starts). */
    Var loss(OnPolicyBatch batch, int[] pairs, boolean actorActive, Map<String, Double> m) {
        PpoConfig p = cfg.ppo();
        int b = pairs.length, width = recordWidth(), latents = (trained + 1) * dim;
        int[] rows = new int[b], ks = new int[b], local = new int[b];
        for (int i = 0; i < b; i++) {
            rows[i] = pairs[i] / trained;
            ks[i] = firstTrained + pairs[i] % trained;
            local[i] = i;
        }
        Tensor states = batch.observations(rows), records = batch.records(rows);
        float[] old = new float[b];
        for (int i = 0; i < b; i++) old[i] = records.data()[i * width + latents + ks[i] - firstTrained];
        float[] advantages = Ppo.normalise(batch.advantages(rows));
        for (int i = 0; i < b; i++) advantages[i] *= (float) Math.pow(cfg.chain().gammaDenoise(), steps - 1 - ks[i]);

        Var lossV = Ppo.valueLoss(value, states, batch.returns(rows));
        Var logRatio = stepLogProb(records, states, local, ks).sub(Tensor.wrap(old, b));
        Var ratio = logRatio.exp();
        Var lossPg = Ppo.clippedSurrogate(ratio, Tensor.wrap(advantages, b), (float) p.clipRatio());
        Var loss = lossV.scale((float) p.valueCoef());
        if (actorActive) loss = loss.add(lossPg);

        m.put("actor/loss_pg", (double) lossPg.item());
        m.put("actor/approx_kl", Ppo.approxKl(logRatio.value()));
        m.put("actor/clip_fraction", Ppo.clipFraction(ratio.value(), p.clipRatio()));
        m.put("actor/ratio_mean", Ppo.mean(ratio.value()));
        m.put("critic/loss", (double) lossV.item());
        return loss;
    }

    /** The full loss with the actor active, for gradient checks. */
    Var lossForTest(OnPolicyBatch batch, int[] pairs) {
        return loss(batch, pairs, true, new LinkedHashMap<>());
    }

    // =====================================================================================  state

    @Override
    public ValueNet value() { return value; }

    public FlowPolicy policy() { return policy; }

    /** K'. */
    int trainedSteps() { return trained; }

    @Override
    public Map<String, Module> modules() {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put("policy.", policy.net());
        m.put("frozen.", frozen);
        m.put("value.", value);
        return m;
    }

    @Override
    public Map<String, Adam> optimizers() {
        Map<String, Adam> m = new LinkedHashMap<>();
        m.put("actor.", actorOptimizer);
        m.put("critic.", criticOptimizer);
        return m;
    }
}
