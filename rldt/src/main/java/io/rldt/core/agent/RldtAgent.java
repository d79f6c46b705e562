package io.rldt.core.agent;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.optim.Adam;
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
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.engine.Workspace;
import io.rldt.kernels.FieldStats;
import io.rldt.kernels.SvgdOptions;
import io.rldt.kernels.TransportField;
import io.rldt.kernels.TransportFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RLDT: reinforcement learning for flow-matching policies with density transport. The whole update, top to
 * bottom, in this file (spec sections in brackets).
 *
 * <h2>Notation</h2>
 * {@code B} states, {@code P} particles per state, {@code K} Euler steps, {@code D = H·A} flattened chunk,
 * {@code t_k = k/K}; {@code sg[·]} is stop-gradient.
 *
 * <h2>Critic [§4]</h2>
 * <pre>
 *   Q̄(s')  = clip( mean_{a' ~ π, 2 samples} min_e Q_e^target(s', a'), q_min, q_max )
 *   y_t    = r_t/scale + γ(1 − d_t)[(1 − λ)·Q̄(s_{t+1}) + λ·y_{t+1}]       (whole trajectories)
 *   L_Q,m  = mean_t (Q_m(s_t, a_t) − y_t)²     over member m's trajectories (m, m+E, m+2E, ...)
 * </pre>
 * ({@link CriticRound}, shared with the QAM port, whose critic is this one with another target reduction).
 *
 * <h2>Transport field [§2]</h2>
 * For each state: P fresh chains, final samples {@code a_j}; per particle a random depth {@code k_i} and the
 * query {@code q_i = a†(x_{k_i}, t_{k_i}) = x_{k_i} + (1 − t_{k_i})·v_θ(x_{k_i}, t_{k_i}, s)}; critic gradients
 * {@code g_j = mean_e ∇ₐQ_e(s, a_j)}; then
 * <pre>
 *   φ(q_i) = (1/P)·Σ_j [ k(q_i, a_j)·g_j + α(s)·k(q_i, a_j)·(q_i − a_j)/h_i ]
 * </pre>
 * (see {@link TransportField}).
 *
 * <h2>Actor [§3]</h2> mean over the B·P particles, with {@code x_k}, {@code a}, {@code φ} detached:
 * <pre>
 *   L_RL   = − ⟨v_θ(x_k, t_k, s), φ(q)⟩ / (K·(1 − t_k))                       (one SVGD step per depth)
 *   L_cons = ‖x_k + (1 − t_k)·v_θ(x_k, t_k, s) − a‖² / (K²·(1 − t_k)²)          (straightens the flow)
 *   L_F    = ‖v_θ(x', t', s) − sg[v_ref(x', t', s)]‖²,  x' = (1 − t')·ε' + t'·a   (velocity matching)
 *   L      = w_RL·L_RL + c_cons·L_cons + c_F·L_F                               (Adam, linear warm-up)
 * </pre>
 *
 * <h2>Exploration [§5]</h2> execute {@code a + d·N(0, I)} with {@code d = ‖a − a†(x_i, t_i)‖},
 * {@code i ∈ {K−2, K−1}}.
 *
 * <p>Not thread-safe: one agent per training loop. Every random draw comes from an {@link Rng} the caller
 * passes in, so a run is reproducible from its seed.
 */
public final class RldtAgent implements TrajectoryAgent {
    private final RldtConfig cfg;
    private final FlowPolicy policy;
    private final FlowPolicy reference;
    private final CriticEnsemble critic;
    private final Adam actorOptimizer;
    private final TransportField field;
    private final SvgdOptions svgd;
    private final RewardScaler rewardScaler;
    private final float[] actionLow, actionHigh;
    /** Recycles each actor chunk's tensors (chains, activations, the backward pass's intermediates) for the next. */
    private final Workspace scratch = new Workspace();

    /**
     * @param policy      the pretrained flow policy (fine-tuned in place); its network must have the shape
     *                    {@code cfg.policy()} describes (the frozen reference is built from that config)
     * @param actionLow   [D] lower bound of executed chunks in the policy's action space (clipping)
     * @param actionHigh  [D] upper bound
     */
    public RldtAgent(RldtConfig cfg, FlowPolicy policy, float[] actionLow, float[] actionHigh, Rng initRng) {
        this.cfg = cfg;
        this.policy = policy;
        VelocityNet refNet = new VelocityNet(policy.obsDim(), policy.actionDim(), cfg.policy(), initRng.split());
        try {
            refNet.copyFrom(policy.net());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RldtAgent: the policy's network does not match config [policy] "
                    + cfg.policy() + ": " + e.getMessage(), e);
        }
        this.reference = new FlowPolicy(refNet, policy.steps());
        this.critic = new CriticEnsemble(policy.obsDim(), policy.actionDim(), cfg.critic(), initRng.split());
        this.actorOptimizer = Adam.adam(policy.net(), cfg.actor().lr());
        this.field = TransportFields.create(cfg.loop().threads());
        this.svgd = cfg.transport().svgdOptions();
        var c = cfg.critic();
        this.rewardScaler = new RewardScaler(c.rewardScaling(), RewardScaler.Mode.parse(c.rewardScale()), c.rewardScaleRate(),
                c.rewardScaleValue());
        this.actionLow = actionLow.clone();
        this.actionHigh = actionHigh.clone();
    }

    // =====================================================================================  acting

    /**
     * Action chunks for a batch of observations [N, O] → [N, D].
     *
     * @param explore add the spec §5 noise (training rollouts); ignored when {@code deterministic}
     * @param deterministic start the chain from {@code x_0 = 0} (evaluation)
     */
    @Override
    public Tensor act(Tensor obs, Rng rng, boolean explore, boolean deterministic) {
        Chain chain = policy.sample(obs, rng, deterministic);
        Tensor a = explore && !deterministic ? Exploration.perturbedActions(chain, rng) : chain.actions();
        // With loop.clipActions executed chunks stay in the action box; the authors' default stores the unclipped
        // chunk and lets the env clip (MuJoCo's ctrl range), so ∇ₐQ, taken at unclipped particles, is learned
        // where it is used.
        if (cfg.loop().clipActions()) Exploration.clip(a, actionLow, actionHigh);
        return a;
    }

    // =====================================================================================  one update round

    /**
     * One round of spec §6: critic steps on the whole batch, then (when {@code actorActive}) actor steps, the j-th
     * on the states of every {@code trajectoryStride}-th group starting at group {@code j mod stride} (the authors'
     * {@code start = actor_iteration mod 8}: the round's actor steps see different states). Actor metrics are the
     * mean over the round's actor steps.
     *
     * @param batch the round's groups (one env's rollout each, cut at episode ends), already in the round's order:
     *              critic member m takes groups m, m + M, ... (M members)
     */
    public Map<String, Double> updateRound(List<List<Trajectory>> batch, Rng rng, boolean actorActive) {
        long t0 = System.nanoTime();
        Map<String, Double> metrics = new LinkedHashMap<>(CriticRound.run(critic, cfg.critic(), batch,
                rewardScaler.divisor(), cfg.loop().microBatchRows(), this::bootstrapActions, rng));
        long t1 = System.nanoTime();
        if (actorActive) {
            int steps = cfg.actor().stepsPerRound();
            for (int j = 0; j < steps; j++) {
                int start = j % Math.min(cfg.actor().trajectoryStride(), batch.size());
                actorStep(actorStates(batch, start), critic, rng)
                        .forEach((key, value) -> metrics.merge(key, value / steps, Double::sum));
            }
        }
        metrics.put("time/critic_s", (t1 - t0) / 1e9);
        metrics.put("time/actor_s", (System.nanoTime() - t1) / 1e9);
        return metrics;
    }

    // -------------------------------------------------------------------------------------  critic [§4]

    /** Bootstrap actions a' ~ π(·|s') for the critic's targets, clipped where executed chunks are. */
    private Tensor bootstrapActions(Tensor next, Rng rng) {
        Tensor a = policy.act(next, rng, false, cfg.loop().microBatchRows());
        if (cfg.loop().clipActions()) Exploration.clip(a, actionLow, actionHigh); // Q̄ is read where the critic was trained
        return a;
    }

    /** All states s_t (t < L) of groups {@code start, start + stride, ...} → [B, O] (B = 0 when start ≥ groups). */
    private Tensor actorStates(List<List<Trajectory>> batch, int start) {
        List<Trajectory> groups = new ArrayList<>();
        for (int i = start; i < batch.size(); i += cfg.actor().trajectoryStride()) groups.addAll(batch.get(i));
        return Trajectory.states(groups, policy.obsDim());
    }

    // -------------------------------------------------------------------------------------  actor [§2, §3]

    /**
     * One actor step on states {@code [B, O]} with the given critic (the ensemble in training; an exact Q in
     * tests). Returns the losses and field statistics as namespaced metrics. With {@code loop.microBatchStates}
     * the states go through in chunks whose gradients add up over the batch (each chunk's losses are normalised by
     * the whole batch's particle count), so memory is bounded by the chunk. Each chunk draws its own chains,
     * depths and Fisher samples in turn, so a chunked step is the same estimator with other random draws, not
     * the same numbers.
     */
    public Map<String, Double> actorStep(Tensor states, Critic qFunction, Rng rng) {
        int b = states.dim(0), o = policy.obsDim(), p = cfg.transport().particles();
        int chunk = cfg.loop().microBatchStates() > 0 ? Math.min(b, cfg.loop().microBatchStates()) : b;
        actorOptimizer.zeroGrad();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int from = 0; from < b; from += chunk) {
            int to = Math.min(b, from + chunk);
            Tensor part = from == 0 && to == b ? states : Ops.slice(states, 0, from, to);
            // Loss values add up over chunks; field statistics are averaged with the chunk's share as weight.
            double share = (double) (to - from) / b;
            // Only doubles leave the chunk (gradient buffers are never recycled), so its tensors can be reused.
            try (var chunkScope = scratch.scope()) {
                actorChunk(part, qFunction, rng, (long) b * p).forEach((key, value) ->
                        metrics.merge(key, key.startsWith("actor/loss") ? value : value * share, Double::sum));
            }
        }
        // Linear warm-up of the learning rate over the first actor steps.
        long step = actorOptimizer.stepCount();
        int warmup = cfg.actor().warmupSteps();
        double lr = cfg.actor().lr() * (warmup == 0 ? 1.0 : Math.min(1.0, (step + 1.0) / warmup));
        actorOptimizer.setLr(lr);
        actorOptimizer.step();
        metrics.put("actor/lr", lr);
        metrics.put("actor/states", (double) b);
        return metrics;
    }

    /**
     * Steps 1–5 of the actor update on a chunk of states, accumulating the gradient of the chunk's share of the
     * losses (every mean is over {@code total} particles, the whole batch's).
     */
    private Map<String, Double> actorChunk(Tensor states, Critic qFunction, Rng rng, long total) {
        int b = states.dim(0), p = cfg.transport().particles(), k = policy.steps(), d = policy.actionDim();
        int n = b * p;
        // s repeated per particle: [B·P, O], particle-major inside each state so [B·P, D] views as [B, P, D].
        int[] stateOf = new int[n];
        for (int i = 0; i < n; i++) stateOf[i] = i / p;
        Tensor s = Ops.indexSelect(states, 0, stateOf);

        // 1. P fresh chains per state; 2. a random depth k_i per particle and its query q_i = a†(x_k, t_k).
        Chain chain = policy.sample(s, rng, false);
        Tensor a = chain.actions();                       // [B·P, D] final samples a_j
        int[] depth = new int[n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            depth[i] = rng.nextInt(k);
            t[i] = policy.time(depth[i]);
        }
        Tensor tk = Tensor.of(t, n, 1);                   // [B·P, 1] t_k = k_i/K
        Tensor xk = chain.statesAt(depth);                // [B·P, D] x_{k_i}
        Tensor query = chain.expectedTargetsAt(depth);     // [B·P, D] q_i = x_k + (1 − t_k)·v_k

        // 3. Critic gradients at the final samples (rbf) or at the queries themselves (delta).
        boolean delta = svgd.kernel() == SvgdOptions.Kernel.DELTA;
        Tensor grad = qFunction.actionGradient(s, delta ? query : a);   // [B·P, D]

        // 4. The transport field φ(q_i), under stop-gradient.
        Tensor phi = Tensor.zeros(b, p, d);
        FieldStats stats = new FieldStats();
        field.compute(query.reshape(b, p, d), a.reshape(b, p, d), grad.reshape(b, p, d), svgd, phi, stats);

        // Fisher constraint inputs: fresh ε', t' ~ U{0..K−1}/K, x' = (1 − t')·ε' + t'·a.
        float[] tp = new float[n], eps = new float[n * d];
        for (int i = 0; i < n; i++) {
            tp[i] = policy.time(rng.nextInt(k));
            for (int j = 0; j < d; j++) eps[i * d + j] = (float) rng.nextGaussian();
        }
        Tensor tPrime = Tensor.of(tp, n, 1), xPrime = Tensor.zeros(n, d);   // [B·P, 1], [B·P, D]
        Backends.current().kernel(RldtKernels.INTERPOLATE, HostKernel.NO_ARGS, xPrime, Tensor.of(eps, n, d), tPrime, a);
        Tensor vRef;
        try (var ignored = Tape.noGrad()) {
            vRef = reference.velocity(Var.constant(xPrime), Var.constant(tPrime), Var.constant(s)).value();
        }

        float invN = 1f / total;
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (Tape tape = Tape.record()) {
            Var sc = Var.constant(s);
            Var v = policy.velocity(Var.constant(xk), Var.constant(tk), sc);             // [B·P, D]
            Var lossRl = transportLoss(v, phi.reshape(n, d), tk, k, total);
            Var lossCons = consistencyLoss(v, xk, a, tk, k, total);
            // L_F = ‖v_θ(x', t', s) − sg[v_ref(x', t', s)]‖².
            Var vPrime = policy.velocity(Var.constant(xPrime), Var.constant(tPrime), sc);
            Var lossF = vPrime.sub(vRef).square().sum().scale(invN);
            Var loss = lossRl.scale((float) cfg.actor().rlWeight())
                    .add(lossCons.scale((float) cfg.actor().consistencyWeight()))
                    .add(lossF.scale((float) cfg.actor().fisherWeight()));
            tape.backward(loss);
            metrics.put("actor/loss", (double) loss.item());
            metrics.put("actor/loss_rl", (double) lossRl.item());
            metrics.put("actor/loss_consistency", (double) lossCons.item());
            metrics.put("actor/loss_fisher", (double) lossF.item());
        }
        metrics.put("actor/phi_norm", RldtKernels.meanRowNorm(phi.reshape(n, d)));
        metrics.put("actor/grad_q_norm", RldtKernels.meanRowNorm(grad));
        metrics.put("actor/bandwidth", stats.meanBandwidth());
        metrics.put("actor/alpha", stats.meanAlpha());
        metrics.put("actor/attraction_norm", stats.meanAttractionNorm());
        metrics.put("actor/repulsion_norm", stats.meanRepulsionNorm());
        return metrics;
    }

    /**
     * {@code L_RL = −(1/N)·Σ_i ⟨v_i, φ_i⟩ / (K(1 − t_i))} (spec §3.1); its gradient equals that of
     * {@code ½‖v − sg[v + φ/(K(1 − t))]‖²}. Shapes: v [N, D] on the tape, φ [N, D], t [N, 1].
     * {@code K(1 − t_i) ≥ 1} because {@code t_i ≤ (K−1)/K}, so nothing divides by zero.
     */
    public static Var transportLoss(Var v, Tensor phi, Tensor t, int k) {
        return transportLoss(v, phi, t, k, phi.dim(0));
    }

    /** {@link #transportLoss(Var, Tensor, Tensor, int)} with the sum divided by {@code total} (a chunk of a batch). */
    public static Var transportLoss(Var v, Tensor phi, Tensor t, int k, long total) {
        Tensor weight = Tensor.zeros(phi.shape());       // φ_i / (K(1 − t_i))
        Backends.current().kernel(RldtKernels.TRANSPORT_WEIGHT, new double[] {k}, weight, phi, t);
        return v.mul(weight).sum().scale(-1f / total);
    }

    /**
     * {@code L_cons = (1/N)·Σ_i ‖x_i + (1 − t_i)·v_i − a_i‖² / (K(1 − t_i))²} (spec §3.2), computed as
     * {@code ‖v/K + (x − a)/(K(1 − t))‖²} so the per-row constant is formed once. Shapes: v [N, D] on the tape,
     * x, a [N, D], t [N, 1].
     */
    public static Var consistencyLoss(Var v, Tensor x, Tensor a, Tensor t, int k) {
        return consistencyLoss(v, x, a, t, k, x.dim(0));
    }

    /** {@link #consistencyLoss(Var, Tensor, Tensor, Tensor, int)} with the sum divided by {@code total}. */
    public static Var consistencyLoss(Var v, Tensor x, Tensor a, Tensor t, int k, long total) {
        Tensor offset = Tensor.zeros(x.shape());         // (x_i − a_i) / (K(1 − t_i))
        Backends.current().kernel(RldtKernels.CONSISTENCY_OFFSET, new double[] {k}, offset, x, a, t);
        return v.scale(1f / k).add(offset).square().sum().scale(1f / total);
    }

    // =====================================================================================  iteration end

    /** Folds the iteration's mean |r| into the reward scale [§4] (once per iteration). */
    @Override
    public void observeRewards(List<Trajectory> fresh) {
        rewardScaler.observe(fresh);
    }

    /** End of a training iteration: refresh the trust-region reference when configured [§3.3]. */
    @Override
    public void endIteration() {
        if (cfg.actor().refreshReference()) reference.net().copyFrom(policy.net());
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

    public RldtConfig config() { return cfg; }
}
