package io.rldt.core.agent;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Init;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.optim.Adam;
import io.rldt.autodiff.optim.Ema;
import io.rldt.core.config.SacConfig;
import io.rldt.core.data.ReplayBuffer;
import io.rldt.core.policy.SquashedGaussianPolicy;
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Metrics;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Soft actor-critic (Haarnoja et al. 2018, CleanRL's {@code sac_continuous_action.py}; baselines spec §1): the
 * from-scratch baseline and the source of the medium demonstrations. The whole update, top to bottom, in this
 * file.
 *
 * <h2>Notation</h2>
 * {@code B} transitions per batch, {@code O} observation and {@code A} action dimensions; {@code π} the
 * tanh-squashed Gaussian actor ({@link SquashedGaussianPolicy}), {@code Q_1, Q_2} the twin critics on
 * {@code concat(s, a)}, {@code Q̄_1, Q̄_2} their Polyak targets, {@code α = exp(log α)} the entropy temperature.
 *
 * <h2>Critic [§1.1], every step</h2>
 * <pre>
 *   a' ~ π(·|s'),  y = r + γ·(1 − terminated)·( min_i Q̄_i(s', a') − α·log π(a'|s') )     (no gradient)
 *   L_Q = MSE(Q_1(s, a), y) + MSE(Q_2(s, a), y)                                           (one Adam, q_lr)
 * </pre>
 *
 * <h2>Actor and temperature [§1.1], every {@code policyFrequency}-th step, {@code policyFrequency} times</h2>
 * <pre>
 *   ã ~ π(·|s) reparameterised:  L_π = mean( α·log π(ã|s) − min_i Q_i(s, ã) )            (Adam, policy_lr)
 *   ã ~ π(·|s) fresh, no grad:    L_α = mean( −exp(log α)·(log π(ã|s) + H̄) ),  H̄ = −|A|  (Adam, q_lr)
 * </pre>
 * The actor's gradient stops at its own parameters: the critics' weight gradients are never computed
 * ({@link Tape#backward(Var, java.util.Collection)}). The temperature loss multiplies by α, not log α (CleanRL
 * since its PR #414).
 *
 * <h2>Targets [§1.1], every {@code targetNetworkFrequency}-th step</h2>
 * {@code Q̄_i ← τ·Q_i + (1 − τ)·Q̄_i}.
 *
 * <p>Not thread-safe. Every random draw comes from the {@link Rng} the caller passes, so a run is a function
 * of its seed.
 */
public final class SacAgent {
    private final SacConfig.Algo cfg;
    private final SquashedGaussianPolicy actor;
    private final Critics critics, targets;
    private final Adam actorOptimizer, criticOptimizer, alphaOptimizer;
    private final Var logAlpha; // [1]
    private final float targetEntropy;
    private final List<Var> actorParameters;

    /** The twin critics as one module ({@code q1.*}, {@code q2.*}), so one Adam trains both. */
    public static final class Critics extends Module {
        final Mlp q1, q2;

        Critics(int inputs, int hidden, Rng rng) {
            int[] widths = {inputs, hidden, hidden, 1};
            q1 = child("q1", new Mlp(widths, Activation.RELU, Activation.IDENTITY, Init.torchDefault(), rng));
            q2 = child("q2", new Mlp(widths, Activation.RELU, Activation.IDENTITY, Init.torchDefault(), rng));
        }

        /** min(Q_1, Q_2) at {@code input [B, O + A]} → [B, 1], on the current tape. */
        Var min(Var input) {
            return F.minimum(q1.forward(input), q2.forward(input));
        }
    }

    /**
     * @param low  [A] lower action bound of the env
     * @param high [A] upper action bound
     */
    public SacAgent(SacConfig.Algo cfg, int obsDim, int actionDim, double[] low, double[] high, Rng initRng) {
        this.cfg = cfg;
        this.actor = new SquashedGaussianPolicy(obsDim, actionDim, cfg.hidden(), low, high, initRng.split());
        this.critics = new Critics(obsDim + actionDim, cfg.hidden(), initRng.split());
        this.targets = new Critics(obsDim + actionDim, cfg.hidden(), initRng.split());
        targets.copyFrom(critics);
        this.actorOptimizer = Adam.adam(actor, cfg.policyLr());
        this.criticOptimizer = Adam.adam(critics, cfg.qLr());
        this.logAlpha = Var.param("log_alpha", Tensor.of(new float[] {(float) Math.log(cfg.alpha())}, 1));
        this.alphaOptimizer = Adam.adam(Map.of("log_alpha", logAlpha), cfg.qLr());
        this.targetEntropy = (float) (Double.isNaN(cfg.targetEntropy()) ? -actionDim : cfg.targetEntropy());
        this.actorParameters = actor.parameters();
    }

    // =====================================================================================  acting

    /** Actions for observations [N, O] → [N, A]: a sample of π (training) or c·tanh(μ) + b (evaluation). */
    public Tensor act(Tensor obs, Rng rng, boolean deterministic) {
        return deterministic ? actor.deterministic(obs) : actor.stochastic(obs, rng);
    }

    /** The current temperature α = exp(log α). */
    public double alpha() {
        return Math.exp(logAlpha.item()); // one float leaves the device
    }

    // =====================================================================================  one update

    /**
     * The updates of env step {@code step} (CleanRL's loop body after learning starts): a critic step, the
     * delayed actor and temperature steps, the Polyak update.
     *
     * @return this step's losses and statistics (actor and α entries only on steps that train them)
     */
    public Map<String, Double> update(ReplayBuffer.Batch batch, long step, Rng rng) {
        Map<String, Double> m = new LinkedHashMap<>();
        criticStep(batch, rng, m);
        if (step % cfg.policyFrequency() == 0) {
            Map<String, Double> actor = new LinkedHashMap<>();
            int repeats = cfg.policyFrequency();
            for (int i = 0; i < repeats; i++) {
                actorStep(batch.obs(), rng, actor);
                if (cfg.autotune()) alphaStep(batch.obs(), rng, actor);
                actor.forEach((k, v) -> m.merge(k, v / repeats, Double::sum)); // logged: the mean over the repeats
            }
        }
        if (step % cfg.targetNetworkFrequency() == 0) Ema.update(targets, critics, 1 - cfg.tau());
        return m;
    }

    // -------------------------------------------------------------------------------------  critic

    private void criticStep(ReplayBuffer.Batch b, Rng rng, Map<String, Double> m) {
        int n = b.obs().dim(0);
        float alpha = (float) alpha(), gamma = (float) cfg.gamma();
        // y = r + γ(1 − terminated)·(min_i Q̄_i(s', a') − α·log π(a'|s')), a' ~ π(·|s'): [B, 1], no gradient
        Tensor y = Tensor.zeros(n, 1);
        try (var ignored = Tape.noGrad()) {
            Var next = Var.constant(b.next());
            SquashedGaussianPolicy.Sample a2 = actor.sample(next, rng);
            Tensor minQ = targets.min(F.concat(1, next, a2.action())).value();
            Backends.current().kernel(TD_TARGET, new double[] {gamma, alpha}, y, minQ, a2.logProb().value(), b.rewards(),
                    b.terminated());
        }
        criticOptimizer.zeroGrad();
        try (Tape tape = Tape.record()) {
            Var in = F.concat(1, Var.constant(b.obs()), Var.constant(b.actions()));         // [B, O + A]
            Var q1 = critics.q1.forward(in), q2 = critics.q2.forward(in);
            Var target = Var.constant(y);
            Var loss = F.add(F.mse(q1, target), F.mse(q2, target));
            tape.backward(loss);
            m.put("sac/critic_loss", (double) loss.item());
            m.put("sac/q1", mean(q1.value()));
            m.put("sac/q2", mean(q2.value()));
        }
        criticOptimizer.step();
    }

    // -------------------------------------------------------------------------------------  actor and α

    private void actorStep(Tensor obs, Rng rng, Map<String, Double> m) {
        float alpha = (float) alpha();
        actorOptimizer.zeroGrad();
        try (Tape tape = Tape.record()) {
            Var s = Var.constant(obs);
            SquashedGaussianPolicy.Sample pi = actor.sample(s, rng);
            Var minQ = F.reshape(critics.min(F.concat(1, s, pi.action())), -1);            // [B]
            Var loss = F.mean(F.sub(F.scale(pi.logProb(), alpha), minQ));                  // mean(α·log π − min Q)
            tape.backward(loss, actorParameters);
            m.put("sac/actor_loss", (double) loss.item());
            m.put("sac/entropy", -mean(pi.logProb().value()));
        }
        actorOptimizer.step();
    }

    private void alphaStep(Tensor obs, Rng rng, Map<String, Double> m) {
        Tensor logp;
        try (var ignored = Tape.noGrad()) {
            logp = actor.sample(Var.constant(obs), rng).logProb().value();
        }
        alphaOptimizer.zeroGrad();
        try (Tape tape = Tape.record()) {
            // mean(−exp(log α)·(log π + H̄)) = −exp(log α)·mean(log π + H̄)
            double meanTerm = mean(logp) + targetEntropy;
            Var loss = F.scale(F.exp(logAlpha), (float) -meanTerm);
            tape.backward(loss);
            m.put("sac/alpha_loss", (double) loss.item());
        }
        alphaOptimizer.step();
        m.put("sac/alpha", alpha());
    }

    // -------------------------------------------------------------------------------------  plumbing

    private static double mean(Tensor t) {
        return Metrics.sum(t) / t.size(); // reduced where t is; one number comes back
    }

    /** y [B, 1] = r + (1 − d)·γ·(min Q̄ − α·log π), in: min Q̄, log π, r, d; p = {γ, α}. */
    private static final HostKernel TD_TARGET = new HostKernel("sac_td_target", (y, in, p) -> {
        float[] minQ = in[0].data(), logp = in[1].data(), r = in[2].data(), d = in[3].data(), yd = y.data();
        float gamma = (float) p[0], alpha = (float) p[1];
        for (int i = 0, n = y.size(); i < n; i++) yd[i] = r[i] + (1f - d[i]) * gamma * (minQ[i] - alpha * logp[i]);
    });

    public SquashedGaussianPolicy actor() { return actor; }

    public Critics critics() { return critics; }

    public Critics targets() { return targets; }

    public Var logAlpha() { return logAlpha; }

    public Adam actorOptimizer() { return actorOptimizer; }

    public Adam criticOptimizer() { return criticOptimizer; }

    public Adam alphaOptimizer() { return alphaOptimizer; }

    public float targetEntropy() { return targetEntropy; }
}
