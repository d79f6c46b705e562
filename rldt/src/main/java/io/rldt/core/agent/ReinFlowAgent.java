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
import io.rldt.core.policy.NoiseNet;
import io.rldt.core.policy.NoisyFlowSampler;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ReinFlow (arXiv 2505.22094): PPO on the exact likelihood of the flow's Euler chain with a learned noise net
 * (baselines spec §2). The update, top to bottom, in this file.
 *
 * <h2>Notation</h2> {@code B} states of a minibatch, {@code K} Euler steps, {@code D = H·A}; chains
 * {@code [B, K+1, D]}; {@code t_k = k/K} in sampling and likelihood (§2.2, the known defect fixed).
 *
 * <h2>Policy [§2.2]</h2> {@link NoisyFlowSampler} with σ_ψ(s, t_k) from {@link NoiseNet}, bounds
 * [σ_min, σ_max(itr)]; σ_max follows {@code learn_decay}: held for 35 % of the training iterations, then
 * cosine-decayed to 0.3·σ_min + 0.7·σ_max. The chain's K is {@code chain.denoisingSteps} (4 in the presets, the
 * checkpoint's flow re-discretised) in rollouts, likelihood and evaluation alike; x_K is clamped to the action
 * box in the chain.
 *
 * <h2>Loss [§2.3]</h2> per minibatch of B states (each state repeated {@code repeatSamples} times in the epoch):
 * <pre>
 *   ℓ(s)   = clamp( log p(chain | s) / ((K+1)·D), ℓ_min, ℓ_max )          (old and new alike; ℓ_min,max = ∓1)
 *   ρ      = exp(ℓ_new − ℓ_old)
 *   Â      = (A − mean A)/std A                                             (per minibatch)
 *   L_pg   = mean( max(−Â·ρ, −Â·clip(ρ, 1 − ε, 1 + ε)) ),   ε = 0.01
 *   H̄      = mean H(chain | s)/((K+1)·D)                                    (depends on σ only)
 *   L_V    = ½·mean( (V(s) − R)² )
 *   L      = L_pg − c_ent·H̄ + c_v·L_V
 * </pre>
 * V(s) takes a step every minibatch; θ and ψ (one AdamW) only once the critic warm-up iterations are over. The
 * epochs stop early when approx-KL {@code mean((ρ − 1) − log ρ)} exceeds {@code targetKl}. Both learning rates
 * follow CosineAnnealingWarmupRestarts per training iteration (min → peak over the warm-up, cosine back, restart;
 * {@link PpoConfig}); the actor's schedule starts when the actor does.
 *
 * <p>Record per executed chunk: the chain [(K+1)·D] and ℓ_old [1]. Not thread-safe; every random draw comes
 * from an {@link Rng} the caller passes in.
 */
public final class ReinFlowAgent implements OnPolicyAgent {
    private final OnPolicyConfig cfg;
    private final FlowPolicy policy;
    private final NoiseNet noise;
    private final ValueNet value;
    private final NoisyFlowSampler sampler;
    private final Adam actorOptimizer, criticOptimizer;
    private final int steps, dim;

    /**
     * @param policy  the pretrained flow policy (fine-tuned in place); its K may differ from the chain's
     * @param low     lower end of the action box (uniform over dimensions)
     * @param high    upper end of the action box
     */
    public ReinFlowAgent(OnPolicyConfig cfg, FlowPolicy policy, float low, float high, Rng initRng) {
        this.cfg = cfg;
        this.policy = policy;
        this.steps = cfg.denoisingSteps();
        this.dim = policy.actionDim();
        ChainConfig c = cfg.chain();
        this.noise = new NoiseNet(policy.obsDim(), dim, cfg.policy().timeEmbedding(), cfg.policy().timeHidden(),
                c.noiseHidden(), initRng.split());
        this.value = new ValueNet(policy.obsDim(), cfg.ppo().valueHidden(), initRng.split());
        this.sampler = new NoisyFlowSampler(policy.net(), null, noise, steps, 0, low, high, c.randnClip(), c.sigmaMin(),
                c.sigmaMax(), c.fixedSigma());
        Map<String, Var> actorParams = new LinkedHashMap<>();
        policy.net().namedParameters().forEach((k, v) -> actorParams.put("policy." + k, v));
        noise.namedParameters().forEach((k, v) -> actorParams.put("noise." + k, v));
        this.actorOptimizer = Adam.adamW(actorParams, cfg.ppo().actorLr(), cfg.ppo().actorWeightDecay());
        this.criticOptimizer = Adam.adamW(value, cfg.ppo().criticLr(), cfg.ppo().criticWeightDecay());
    }

    // =====================================================================================  schedules

    @Override
    public void beginIteration(int trainIteration) {
        Ppo.setLearningRates(cfg.ppo(), cfg.loop().criticWarmupIterations(), trainIteration, actorOptimizer, criticOptimizer);
        sampler.setSigmaMax(sigmaMax(cfg.chain(), trainIteration, cfg.loop().trainingIterations()));
    }

    /** {@code learn_decay}: σ_max for {@code holdFraction} of the iterations, then cosine to 0.3·σ_min + 0.7·σ_max. */
    static double sigmaMax(ChainConfig c, int trainIteration, int trainIterations) {
        if (!"learn_decay".equals(c.sigmaSchedule())) return c.sigmaMax();
        int hold = (int) Math.floor(c.sigmaHoldFraction() * trainIterations);
        if (trainIteration < hold) return c.sigmaMax();
        double end = 0.3 * c.sigmaMin() + 0.7 * c.sigmaMax();
        double progress = Math.min(1.0, (trainIteration - hold) / (double) Math.max(1, trainIterations - hold));
        return end + 0.5 * (c.sigmaMax() - end) * (1 + Math.cos(Math.PI * progress));
    }

    // =====================================================================================  acting

    @Override
    public int recordWidth() { return (steps + 1) * dim + 1; }

    @Override
    public Acting act(Tensor obs, Rng rng) {
        NoisyFlowSampler.Sample sample = sampler.sample(obs, rng, false);
        int n = obs.dim(0), chainWidth = (steps + 1) * dim;
        Tensor oldLogLikelihood;
        try (var ignored = Tape.noGrad()) {
            oldLogLikelihood = clampedLogLikelihood(sample.chain(), obs).value();
        }
        Tensor records = Tensor.zeros(n, recordWidth());
        for (int i = 0; i < n; i++) {
            System.arraycopy(sample.chain().data(), i * chainWidth, records.data(), i * recordWidth(), chainWidth);
            records.data()[i * recordWidth() + chainWidth] = oldLogLikelihood.data()[i];
        }
        return new Acting(sample.actions(), records);
    }

    @Override
    public Tensor actDeterministic(Tensor obs) {
        return sampler.sample(obs, null, true).actions();
    }

    /** ℓ(s) = clamp(log p(chain|s)/((K+1)·D), ℓ_min, ℓ_max) [B], on the current tape. */
    Var clampedLogLikelihood(Tensor chain, Tensor obs) {
        return sampler.chainTerms(chain, obs).logLikelihood().clamp((float) cfg.chain().logprobMin(), (float) cfg.chain().logprobMax());
    }

    // =====================================================================================  update [§2.3]

    @Override
    public Map<String, Double> update(OnPolicyBatch batch, int trainIteration, Rng rng) {
        PpoConfig p = cfg.ppo();
        boolean actorActive = trainIteration >= cfg.loop().criticWarmupIterations();
        int rows = batch.size() * p.repeatSamples();
        // Row r of the repeated dataset is state r mod N: every state appears repeatSamples times per epoch.
        Map<String, Double> out = Ppo.epochs(rows, Ppo.minibatchSize(p, rows), p.epochs(), p.targetKl(), rng, mb -> {
            int[] idx = new int[mb.length];
            for (int i = 0; i < mb.length; i++) idx[i] = mb[i] % batch.size();
            return minibatchStep(batch, idx, actorActive);
        });
        out.put("actor/active", actorActive ? 1.0 : 0.0);
        out.put("actor/lr", actorOptimizer.lr());
        out.put("critic/lr", criticOptimizer.lr());
        out.put("actor/sigma_max", sigmaMax(cfg.chain(), trainIteration, cfg.loop().trainingIterations()));
        return out;
    }

    /** One gradient step on the minibatch rows {@code idx} of {@code batch}; returns its metrics. */
    Map<String, Double> minibatchStep(OnPolicyBatch batch, int[] idx, boolean actorActive) {
        actorOptimizer.zeroGrad();
        criticOptimizer.zeroGrad();
        Map<String, Double> m = new LinkedHashMap<>();
        try (Tape tape = Tape.record()) {
            tape.backward(loss(batch, idx, actorActive, m));
        }
        criticOptimizer.step();
        if (actorActive) actorOptimizer.step();
        m.put("actor/sigma_mean", meanSigma(batch.observations(idx)));
        return m;
    }

    /** L = L_pg − c_ent·H̄ + c_v·L_V on the minibatch rows {@code idx} (only c_v·L_V before the actor starts). */
    Var loss(OnPolicyBatch batch, int[] idx, boolean actorActive, Map<String, Double> m) {
        PpoConfig p = cfg.ppo();
        int b = idx.length, chainWidth = (steps + 1) * dim;
        Tensor states = batch.observations(idx), records = batch.records(idx);
        Tensor chain = Tensor.zeros(b, steps + 1, dim);
        float[] oldLogLikelihood = new float[b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(records.data(), i * recordWidth(), chain.data(), i * chainWidth, chainWidth);
            oldLogLikelihood[i] = records.data()[i * recordWidth() + chainWidth];
        }
        Tensor advantages = Tensor.wrap(Ppo.normalise(batch.advantages(idx)), b);

        Var lossV = Ppo.valueLoss(value, states, batch.returns(idx));
        NoisyFlowSampler.ChainTerms terms = sampler.chainTerms(chain, states);
        Var logLikelihood = terms.logLikelihood();
        Var logRatio = logLikelihood.clamp((float) cfg.chain().logprobMin(), (float) cfg.chain().logprobMax())
                .sub(Tensor.wrap(oldLogLikelihood, b));
        Var ratio = logRatio.exp();
        Var lossPg = Ppo.clippedSurrogate(ratio, advantages, (float) p.clipRatio());
        Var entropy = terms.entropy().mean();
        Var loss = lossV.scale((float) p.valueCoef());
        if (actorActive) loss = loss.add(lossPg).sub(entropy.scale((float) p.entropyCoef()));

        m.put("actor/loss_pg", (double) lossPg.item());
        m.put("actor/entropy", (double) entropy.item());
        m.put("actor/approx_kl", Ppo.approxKl(logRatio.value()));
        m.put("actor/clip_fraction", Ppo.clipFraction(ratio.value(), p.clipRatio()));
        m.put("actor/ratio_mean", Ppo.mean(ratio.value()));
        m.put("actor/logprob_clamp_fraction", outside(logLikelihood.value(), cfg.chain().logprobMin(), cfg.chain().logprobMax()));
        m.put("critic/loss", (double) lossV.item());
        return loss;
    }

    /** The full loss with the actor active, for gradient checks. */
    Var lossForTest(OnPolicyBatch batch, int[] idx) {
        return loss(batch, idx, true, new LinkedHashMap<>());
    }

    /** Mean σ_ψ over the minibatch's states and the K steps (a health metric: collapse shows as σ → σ_min). */
    private double meanSigma(Tensor states) {
        int b = Math.min(states.dim(0), 64);
        Tensor s = Tensor.wrap(java.util.Arrays.copyOf(states.data(), b * states.dim(1)), b, states.dim(1));
        Tensor x = Tensor.zeros(b * steps, dim), sr = Tensor.zeros(b * steps, states.dim(1));
        int[] ks = new int[b * steps];
        for (int i = 0; i < b * steps; i++) {
            ks[i] = i % steps;
            System.arraycopy(s.data(), (i / steps) * s.dim(1), sr.data(), i * s.dim(1), s.dim(1));
        }
        try (var ignored = Tape.noGrad()) {
            return Ppo.mean(sampler.transition(x, ks, sr).logStd().exp().value());
        }
    }

    private static double outside(Tensor x, double lo, double hi) {
        int c = 0;
        for (float v : x.data()) if (v < lo || v > hi) c++;
        return (double) c / x.size();
    }

    // =====================================================================================  state

    @Override
    public ValueNet value() { return value; }

    public FlowPolicy policy() { return policy; }

    public NoiseNet noise() { return noise; }

    NoisyFlowSampler sampler() { return sampler; }

    @Override
    public Map<String, Module> modules() {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put("policy.", policy.net());
        m.put("noise.", noise);
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
