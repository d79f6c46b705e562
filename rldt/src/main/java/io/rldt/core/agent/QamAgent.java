package io.rldt.core.agent;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.optim.Adam;
import io.rldt.autodiff.optim.Ema;
import io.rldt.core.config.QamConfig;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.critic.Critic;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.core.critic.CriticRound;
import io.rldt.core.data.RewardScaler;
import io.rldt.core.data.Trajectory;
import io.rldt.core.policy.Chain;
import io.rldt.core.policy.Exploration;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QAM, Q-learning with adjoint matching (baselines spec §5), as the RLDT repository ports it to Gym: the flow is
 * fine-tuned toward {@code π*(a|s) ∝ π_ref(a|s)·exp(β·Q(s, a))} by regressing its velocity onto a "lean adjoint"
 * computed from the critic's action gradient, with no backpropagation through the chain.
 *
 * <h2>Notation</h2> {@code B} states, {@code K} steps, {@code h = 1/K}, {@code t_i = i/K}, {@code D = H·A};
 * {@code v_θ} the fine-tuned velocity, {@code v_ref} the reference (an EMA of v_θ, once per iteration).
 *
 * <h2>Critic [§5.2]</h2> RLDT's ({@link CriticRound}: trajectory buffer, TD(λ), rounds) with ReLU networks and
 * targets {@code mean_e − ρ·std_e} over the target networks (no min): {@code critic.target = "mean-std"}.
 *
 * <h2>Actor [§5.2]</h2> per state, without a tape:
 * <pre>
 *   x_0 ~ N(0, I)
 *   x_{i+1} = x_i + h·(2·v_θ(x_i, t_i) − x_i/(t_i + h)) + √h·σ_i·ξ,   σ_i = √(2(1 − t_i + h)/(t_i + h)),  i < K−1
 *   x_K     = x_{K−1} + h·v_ref(x_{K−1}, t_{K−1})                       (memoryless SDE, then one Euler step)
 *   ã_K     = −β·∇ₐ Q̄(s, clip(x_K))       (Q̄ = mean of the online members; clip to the action box, which is
 *                                          the port's ±1 in normalised spaces; zero where the clip is active)
 *   ã_i     = ã_{i+1} + h·J_b(x_i, t_i + h)ᵀ ã_{i+1},  b(x, t) = 2·v_ref(x, t) − x/t    (i = K−1 … 0)
 * </pre>
 * then, with gradients through v_θ only (Adam, linear warm-up, global gradient-norm clip):
 * <pre>
 *   L_adj = (1/B)·Σ_b Σ_i ‖(2/σ_i)·(v_θ(x_i, t_i) − v_ref(x_i, t_i)) + σ_i·ã_i‖²
 *   L_kl  = (1/B)·Σ_b ‖v_θ(x', τ) − v_ref(x', τ)‖²,   τ ~ U(0, 1),  x' = (1 − τ)·ε + τ·x_K
 *   L     = L_adj + c_kl·L_kl
 * </pre>
 * The actor's states are every state of a random 1/{@code actor.trajectoryStride} of the round's groups, as in
 * the port. Exploration is RLDT's ({@link Exploration}). As in the port, the run's very first round takes a whole
 * iteration's critic steps ({@code qam.criticWarmupSteps}; the port: 1024 = 16 sub-rounds × 64) before any
 * actor step; {@link io.rldt.core.config.RldtConfig#asQam} doubles RLDT's critic steps per round (the port's 64
 * against RLDT's 32).
 */
public final class QamAgent implements TrajectoryAgent {
    private final RldtConfig cfg;
    private final QamConfig qam;
    private final FlowPolicy policy;
    private final FlowPolicy reference;
    private final CriticEnsemble critic;
    private final Adam actorOptimizer;
    private final RewardScaler rewardScaler;
    private final float[] actionLow, actionHigh;

    public QamAgent(RldtConfig cfg, FlowPolicy policy, float[] actionLow, float[] actionHigh, Rng initRng) {
        this.cfg = cfg;
        this.qam = cfg.qam();
        this.policy = policy;
        VelocityNet refNet = new VelocityNet(policy.obsDim(), policy.actionDim(), cfg.policy(), initRng.split());
        refNet.copyFrom(policy.net());
        this.reference = new FlowPolicy(refNet, policy.steps());
        this.critic = new CriticEnsemble(policy.obsDim(), policy.actionDim(), cfg.critic(), initRng.split());
        this.actorOptimizer = Adam.adam(policy.net(), cfg.actor().lr());
        var c = cfg.critic();
        this.rewardScaler = new RewardScaler(c.rewardScaling(), RewardScaler.Mode.parse(c.rewardScale()), c.rewardScaleRate(),
                c.rewardScaleValue());
        this.actionLow = actionLow.clone();
        this.actionHigh = actionHigh.clone();
    }

    // =====================================================================================  acting

    @Override
    public Tensor act(Tensor obs, Rng rng, boolean explore, boolean deterministic) {
        Chain chain = policy.sample(obs, rng, deterministic);
        Tensor a = explore && !deterministic ? Exploration.perturbedActions(chain, rng) : chain.actions();
        if (cfg.loop().clipActions()) Exploration.clip(a, actionLow, actionHigh);
        return a;
    }

    // =====================================================================================  one update round

    @Override
    public Map<String, Double> updateRound(List<List<Trajectory>> batch, Rng rng, boolean actorActive) {
        long t0 = System.nanoTime();
        // The run's first round (no critic step taken yet; restored from checkpoints) warms the critic up.
        int criticSteps = critic.steps() == 0
                ? qam.firstRoundCriticSteps(cfg.loop().rounds(), cfg.critic().stepsPerRound())
                : cfg.critic().stepsPerRound();
        Map<String, Double> metrics = new LinkedHashMap<>(CriticRound.run(critic, cfg.critic(), criticSteps, batch,
                rewardScaler.divisor(), cfg.loop().microBatchRows(), this::bootstrapActions, rng));
        long t1 = System.nanoTime();
        if (actorActive) {
            int steps = cfg.actor().stepsPerRound();
            for (int j = 0; j < steps; j++) {
                actorStep(randomGroupStates(batch, rng), critic, rng)
                        .forEach((key, value) -> metrics.merge(key, value / steps, Double::sum));
            }
        }
        metrics.put("time/critic_s", (t1 - t0) / 1e9);
        metrics.put("time/actor_s", (System.nanoTime() - t1) / 1e9);
        return metrics;
    }

    private Tensor bootstrapActions(Tensor next, Rng rng) {
        Tensor a = policy.act(next, rng, false, cfg.loop().microBatchRows());
        if (cfg.loop().clipActions()) Exploration.clip(a, actionLow, actionHigh);
        return a;
    }

    /** Every state s_t (t < L) of a random {@code 1/stride} of the groups (at least one), drawn without replacement. */
    private Tensor randomGroupStates(List<List<Trajectory>> batch, Rng rng) {
        int count = Math.max(1, batch.size() / cfg.actor().trajectoryStride()), o = policy.obsDim();
        List<List<Trajectory>> pool = new ArrayList<>(batch);
        List<Trajectory> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(pool.size() - i);
            List<Trajectory> g = pool.set(j, pool.get(i));
            pool.set(i, g);
            chosen.addAll(g);
        }
        return Trajectory.states(chosen, o);
    }

    // -------------------------------------------------------------------------------------  actor [§5.2]

    /** σ_i = √(2(1 − t_i + h)/(t_i + h)), the memoryless schedule at the shifted time. */
    private double sigma(int i) {
        double h = 1.0 / policy.steps(), t = policy.time(i);
        return Math.sqrt(2 * (1 - t + h) / (t + h));
    }

    /**
     * The lean adjoint along stored states {@code x_0..x_{K−1}} [B, D] from {@code ã_K} [B, D]:
     * {@code ã_i = ã_{i+1} + h·J_b(x_i, t_i + h)ᵀ ã_{i+1}} with {@code b(x, t) = 2·v_ref(x, t, s) − x/t}, one
     * vector–Jacobian product of v_ref per step (never J itself). {@code ã_i} is the gradient, with respect to
     * {@code x_i}, of the terminal objective carried through the steps {@code x ↦ x + h·b(x, t_j + h)}, j ≥ i.
     *
     * @return {@code ã_0..ã_{K−1}}
     */
    public static Tensor[] leanAdjoint(FlowPolicy reference, Tensor s, Tensor[] xs, Tensor adjK) {
        int k = xs.length, b = adjK.dim(0), d = adjK.dim(1);
        float h = 1f / reference.steps();
        Tensor adj = adjK;
        Tensor[] adjs = new Tensor[k];
        for (int i = k - 1; i >= 0; i--) {
            float shifted = reference.time(i) + h;
            Var xi = Var.param(xs[i].copy());
            Tensor vjp;
            try (Tape tape = Tape.record()) {
                Var v = reference.velocity(xi, Var.constant(Tensor.full(shifted, b, 1)), Var.constant(s));
                vjp = tape.grad(v.mul(adj).sum(), xi)[0];                  // J_{v_ref}ᵀ ã
            }
            Tensor next = Tensor.zeros(b, d);
            for (int j = 0; j < b * d; j++) {
                // ã + h·(2·J_{v_ref}ᵀã − ã/(t_i + h))
                next.data()[j] = adj.data()[j] + h * (2 * vjp.data()[j] - adj.data()[j] / shifted);
            }
            adj = next;
            adjs[i] = adj;
        }
        return adjs;
    }

    /**
     * One actor step on states {@code [B, O]} with critic {@code q} (the ensemble, or an exact Q in tests).
     * With {@code loop.microBatchStates} the states go through in chunks whose gradients add up (each chunk's
     * losses divided by the whole B), so memory is bounded by the chunk.
     */
    public Map<String, Double> actorStep(Tensor states, Critic qFunction, Rng rng) {
        int b = states.dim(0), o = policy.obsDim();
        int chunk = cfg.loop().microBatchStates() > 0 ? Math.min(b, cfg.loop().microBatchStates()) : b;
        actorOptimizer.zeroGrad();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int from = 0; from < b; from += chunk) {
            int to = Math.min(b, from + chunk);
            Tensor part = from == 0 && to == b ? states
                    : Tensor.wrap(java.util.Arrays.copyOfRange(states.data(), from * o, to * o), to - from, o);
            double share = (double) (to - from) / b;
            actorChunk(part, qFunction, rng, b).forEach((key, value) ->
                    metrics.merge(key, key.startsWith("actor/loss") ? value : value * share, Double::sum));
        }
        // gradClip = 0: no clipping, but the norm is still measured and logged.
        double norm = actorOptimizer.clipGradNorm(qam.gradClip() > 0 ? qam.gradClip() : Double.POSITIVE_INFINITY);
        long step = actorOptimizer.stepCount();
        int warmup = cfg.actor().warmupSteps();
        double lr = cfg.actor().lr() * (warmup == 0 ? 1.0 : Math.min(1.0, (step + 1.0) / warmup));
        actorOptimizer.setLr(lr);
        actorOptimizer.step();
        metrics.put("actor/grad_norm", norm);
        metrics.put("actor/lr", lr);
        metrics.put("actor/states", (double) b);
        return metrics;
    }

    /** The forward SDE, the lean adjoint and the gradient of this chunk's share of L (means over {@code total} states). */
    private Map<String, Double> actorChunk(Tensor s, Critic qFunction, Rng rng, int total) {
        int b = s.dim(0), d = policy.actionDim(), k = policy.steps();
        float h = 1f / k;
        // 1. Forward: x_0..x_{K−1} [K, B, D] kept, x_K the final sample.
        Tensor[] xs = new Tensor[k];
        Tensor x = Tensor.zeros(b, d);
        for (int i = 0; i < b * d; i++) x.data()[i] = (float) rng.nextGaussian();
        try (var ignored = Tape.noGrad()) {
            for (int i = 0; i < k; i++) {
                xs[i] = x.copy();
                float ti = policy.time(i);
                Tensor t = Tensor.full(ti, b, 1);
                if (i < k - 1) {
                    float[] v = policy.velocity(Var.constant(x), Var.constant(t), Var.constant(s)).value().data();
                    float shift = 1f / (ti + h), noise = (float) (Math.sqrt(h) * sigma(i));
                    for (int j = 0; j < b * d; j++) {
                        x.data()[j] += h * (2 * v[j] - x.data()[j] * shift) + noise * (float) rng.nextGaussian();
                    }
                } else {
                    float[] v = reference.velocity(Var.constant(x), Var.constant(t), Var.constant(s)).value().data();
                    for (int j = 0; j < b * d; j++) x.data()[j] += h * v[j];
                }
            }
        }
        Tensor xK = x;                                                     // [B, D]

        // 2. Adjoint: ã_K = −β·∇ₐQ̄ at clip(x_K) (zero where the clip is active), then backwards through b = 2v_ref − x/t.
        Tensor at = qam.clipAdjoint() ? xK.copy() : xK;
        if (qam.clipAdjoint()) Exploration.clip(at, actionLow, actionHigh);
        Tensor adj = qFunction.actionGradient(s, at);
        double adjMean = 0, adjMax = 0;
        for (int j = 0; j < b * d; j++) {
            float xj = xK.data()[j];
            boolean clipped = qam.clipAdjoint() && (xj < actionLow[j % d] || xj > actionHigh[j % d]);
            adj.data()[j] = clipped ? 0f : (float) (-qam.inverseTemperature() * adj.data()[j]);
            adjMean += Math.abs(adj.data()[j]) / (b * d);
            adjMax = Math.max(adjMax, Math.abs(adj.data()[j]));
        }
        Tensor[] adjs = leanAdjoint(reference, s, xs, adj);

        // 3. The regression targets, stacked over steps: rows i·B + b.
        Tensor xAll = Tensor.zeros(k * b, d), tAll = Tensor.zeros(k * b, 1), sAll = Tensor.zeros(k * b, s.dim(1));
        Tensor invSigma = Tensor.zeros(k * b, 1), sigmaAdj = Tensor.zeros(k * b, d);
        for (int i = 0; i < k; i++) {
            float sg = (float) sigma(i);
            System.arraycopy(xs[i].data(), 0, xAll.data(), i * b * d, b * d);
            System.arraycopy(s.data(), 0, sAll.data(), i * b * s.dim(1), b * s.dim(1));
            for (int r = 0; r < b; r++) {
                tAll.data()[i * b + r] = policy.time(i);
                invSigma.data()[i * b + r] = 2f / sg;
            }
            for (int j = 0; j < b * d; j++) sigmaAdj.data()[i * b * d + j] = sg * adjs[i].data()[j];
        }
        // Anchor inputs: τ ~ U(0, 1) per state, ε ~ N(0, I), x' = (1 − τ)·ε + τ·x_K.
        Tensor tau = Tensor.zeros(b, 1), xPrime = Tensor.zeros(b, d);
        for (int r = 0; r < b; r++) {
            float tr = (float) rng.nextDouble();
            tau.data()[r] = tr;
            for (int j = 0; j < d; j++) {
                xPrime.data()[r * d + j] = (1 - tr) * (float) rng.nextGaussian() + tr * xK.data()[r * d + j];
            }
        }
        Tensor vRefAll, vRefPrime;
        try (var ignored = Tape.noGrad()) {
            vRefAll = reference.velocity(Var.constant(xAll), Var.constant(tAll), Var.constant(sAll)).value();
            vRefPrime = reference.velocity(Var.constant(xPrime), Var.constant(tau), Var.constant(s)).value();
        }

        Map<String, Double> metrics = new LinkedHashMap<>();
        try (Tape tape = Tape.record()) {
            Var lossAdj = adjointLoss(policy, xAll, tAll, sAll, vRefAll, invSigma, sigmaAdj, total);
            Var lossKl = anchorLoss(policy, xPrime, tau, s, vRefPrime, total);
            Var loss = lossAdj.add(lossKl.scale((float) qam.klWeight()));
            tape.backward(loss);
            metrics.put("actor/loss", (double) loss.item());
            metrics.put("actor/loss_adjoint", (double) lossAdj.item());
            metrics.put("actor/loss_kl", (double) lossKl.item());
        }
        metrics.put("actor/adj_mean", adjMean);
        metrics.put("actor/adj_max", adjMax);
        return metrics;
    }

    /**
     * {@code L_adj = (1/total)·Σ_rows ‖(2/σ)·(v_θ(x, t, s) − v_ref) + σ·ã‖²} on the current tape. Shapes: x, v_ref,
     * σ·ã [K·B, D]; t, 2/σ [K·B, 1]; s [K·B, O].
     */
    public static Var adjointLoss(FlowPolicy policy, Tensor x, Tensor t, Tensor s, Tensor vRef, Tensor twoOverSigma,
                           Tensor sigmaAdj, int total) {
        Var v = policy.velocity(Var.constant(x), Var.constant(t), Var.constant(s));
        return v.sub(vRef).mul(twoOverSigma).add(sigmaAdj).square().sum().scale(1f / total);
    }

    /** {@code L_kl = (1/total)·Σ_rows ‖v_θ(x', τ, s) − v_ref(x', τ, s)‖²} on the current tape: x', v_ref [B, D], τ [B, 1]. */
    public static Var anchorLoss(FlowPolicy policy, Tensor xPrime, Tensor tau, Tensor s, Tensor vRef, int total) {
        Var v = policy.velocity(Var.constant(xPrime), Var.constant(tau), Var.constant(s));
        return v.sub(vRef).square().sum().scale(1f / total);
    }

    // =====================================================================================  iteration end

    @Override
    public void observeRewards(List<Trajectory> fresh) {
        rewardScaler.observe(fresh);
    }

    /** v_ref ← m·v_ref + (1 − m)·v_θ, once per iteration. */
    @Override
    public void endIteration() {
        Ema.update(reference.net(), policy.net(), qam.referenceEma());
    }

    @Override
    public FlowPolicy policy() { return policy; }

    @Override
    public FlowPolicy reference() { return reference; }

    @Override
    public CriticEnsemble critic() { return critic; }

    @Override
    public Adam actorOptimizer() { return actorOptimizer; }

    @Override
    public RewardScaler rewardScaler() { return rewardScaler; }
}
