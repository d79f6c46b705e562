package io.rldt.core.agent;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.optim.Adam;
import io.rldt.core.config.FpoConfig;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.config.PpoConfig;
import io.rldt.core.critic.ValueNet;
import io.rldt.core.data.OnPolicyBatch;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FPO++ ("Flow Policy Gradients for Robot Control", arXiv 2602.02481): PPO whose ratio comes from the change of
 * the conditional flow-matching loss on the stored action, with the asymmetric trust region ASPO (baselines
 * spec §4.2; Gym preset §4.4). No likelihood anywhere. The update, top to bottom, in this file.
 *
 * <h2>Notation</h2> {@code B} states of a minibatch, {@code N} Monte-Carlo pairs per executed action,
 * {@code D = H·A}; sample (b, i) is row {@code b·N + i}.
 *
 * <h2>Acting [§4.2, §4.4]</h2> the deterministic Euler ODE from x_0 ~ N(0, I), then the executed and
 * <em>stored</em> action {@code a = clip(a_ODE + 0.02·ξ, lo, hi)}; per action N pairs
 * {@code ε_i ~ N(0, I), τ_i ~ Beta(1, β_τ)} mapped into [0.005, 0.995], and with the behaviour parameters
 * <pre>
 *   ℓ_i(θ) = ‖v_θ(τ_i·a + (1 − τ_i)·ε_i, τ_i, s) − (a − ε_i)‖² / √D                  ("sqrt" reduction)
 * </pre>
 * stored as ℓ_old,i with ε_i and τ_i.
 *
 * <h2>Loss [§4.2]</h2>
 * <pre>
 *   Â      = clip( (A − mean A)/std A, ±100 )                         (over the whole rollout)
 *   ℓ_new  = min(ℓ_i(θ), 20), and min(·, 20) again where Â &lt; 0;   ℓ_old = min(ℓ_old,i, 20)
 *   Δ_i    = ℓ_old − ℓ_new, capped at 10 straight-through (value capped, gradient identity)
 *   ρ_i    = exp(Δ_i)                                                 (one ratio per sample, no averaging)
 *   L_i    = max(−Â·ρ_i, −Â·clip(ρ_i, 1 ± ε))                   Â &gt; 0   (PPO clip)
 *   L_i    = −( ρ_i·Â − |Â|/(2ε)·(ρ_i − 1)² )                   Â ≤ 0   (SPO quadratic; trustRegion = aspo)
 *   L      = mean_{b,i} L_i + c_v·mean( (V(s) − R)² )                  (no ½, no value clipping)
 * </pre>
 * One optimiser step over actor and critic (AdamW, two learning rates) after clipping the joint gradient norm to
 * 1.0; the actor only after the critic warm-up iterations.
 *
 * <p>Record per executed chunk: ε [N·D], τ [N], ℓ_old [N].
 */
public final class FpoAgent implements OnPolicyAgent {
    private final OnPolicyConfig cfg;
    private final FlowPolicy policy, ode;
    private final ValueNet value;
    private final Adam actorOptimizer, criticOptimizer;
    private final List<Var> parameters = new ArrayList<>();
    private final int samples, dim;
    private final float low, high;

    public FpoAgent(OnPolicyConfig cfg, FlowPolicy policy, float low, float high, Rng initRng) {
        this.cfg = cfg;
        this.policy = policy;
        this.ode = new FlowPolicy(policy.net(), cfg.denoisingSteps());
        this.value = new ValueNet(policy.obsDim(), cfg.ppo().valueHidden(), initRng.split());
        this.samples = cfg.fpo().mcSamples();
        this.dim = policy.actionDim();
        this.low = low;
        this.high = high;
        this.actorOptimizer = Adam.adamW(policy.net(), cfg.ppo().actorLr(), cfg.ppo().actorWeightDecay());
        this.criticOptimizer = Adam.adamW(value, cfg.ppo().criticLr(), cfg.ppo().criticWeightDecay());
        parameters.addAll(policy.net().parameters());
        parameters.addAll(value.parameters());
    }

    @Override
    public void beginIteration(int trainIteration) {
        Ppo.setLearningRates(cfg.ppo(), cfg.loop().criticWarmupIterations(), trainIteration, actorOptimizer, criticOptimizer);
    }

    // =====================================================================================  acting

    @Override
    public int recordWidth() { return samples * (dim + 2); }

    @Override
    public Acting act(Tensor obs, Rng rng) {
        FpoConfig f = cfg.fpo();
        int n = obs.dim(0), width = recordWidth();
        Tensor actions = ode.act(obs, rng, false);
        for (int i = 0; i < actions.size(); i++) {
            actions.data()[i] = Math.min(high, Math.max(low, actions.data()[i] + (float) (f.actionNoise() * rng.nextGaussian())));
        }
        Tensor records = Tensor.zeros(n, width);
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < samples * dim; i++) records.data()[r * width + i] = (float) rng.nextGaussian();
            for (int i = 0; i < samples; i++) {
                double beta = 1 - Math.pow(1 - rng.nextDouble(), 1 / f.tauBeta()); // Beta(1, β_τ) by inversion
                records.data()[r * width + samples * dim + i] = (float) (f.tauMin() + (f.tauMax() - f.tauMin()) * beta);
            }
        }
        float[] old;
        try (var ignored = Tape.noGrad()) {
            old = cfmLosses(obs, actions, records).value().data();
        }
        for (int r = 0; r < n; r++) System.arraycopy(old, r * samples, records.data(), r * width + samples * (dim + 1), samples);
        return new Acting(actions, records);
    }

    @Override
    public Tensor actDeterministic(Tensor obs) {
        return ode.act(obs, null, true);
    }

    /** ℓ_i(θ) = ‖v_θ(x_τ, τ, s) − (a − ε)‖²/√D for every (row b, pair i): [B·N] on the current tape. */
    Var cfmLosses(Tensor obs, Tensor actions, Tensor records) {
        int b = obs.dim(0), o = obs.dim(1), m = b * samples, width = recordWidth();
        Tensor xt = Tensor.zeros(m, dim), target = Tensor.zeros(m, dim), t = Tensor.zeros(m, 1), s = Tensor.zeros(m, o);
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < samples; i++) {
                int row = r * samples + i;
                float tau = records.data()[r * width + samples * dim + i];
                t.data()[row] = tau;
                for (int j = 0; j < dim; j++) {
                    float eps = records.data()[r * width + i * dim + j], a = actions.data()[r * dim + j];
                    xt.data()[row * dim + j] = tau * a + (1 - tau) * eps;
                    target.data()[row * dim + j] = a - eps;
                }
                System.arraycopy(obs.data(), r * o, s.data(), row * o, o);
            }
        }
        Var v = policy.velocity(Var.constant(xt), Var.constant(t), Var.constant(s));
        return v.sub(target).square().sum(false, 1).scale((float) (1 / Math.sqrt(dim)));
    }

    // =====================================================================================  update [§4.2]

    @Override
    public Map<String, Double> update(OnPolicyBatch batch, int trainIteration, Rng rng) {
        PpoConfig p = cfg.ppo();
        boolean actorActive = trainIteration >= cfg.loop().criticWarmupIterations();
        float[] advantages = Ppo.normalise(batch.advantages());
        float clampA = (float) cfg.fpo().advantageClamp();
        for (int i = 0; i < advantages.length; i++) advantages[i] = Math.max(-clampA, Math.min(clampA, advantages[i]));
        Map<String, Double> out = Ppo.epochs(batch.size(), Ppo.minibatchSize(p, batch.size()), p.epochs(), p.targetKl(), rng,
                rows -> minibatchStep(batch, advantages, rows, actorActive));
        out.put("actor/active", actorActive ? 1.0 : 0.0);
        out.put("actor/lr", actorOptimizer.lr());
        out.put("critic/lr", criticOptimizer.lr());
        return out;
    }

    /** One optimiser step on the rows {@code rows}; returns its metrics. */
    Map<String, Double> minibatchStep(OnPolicyBatch batch, float[] advantages, int[] rows, boolean actorActive) {
        actorOptimizer.zeroGrad();
        criticOptimizer.zeroGrad();
        Map<String, Double> m = new LinkedHashMap<>();
        try (Tape tape = Tape.record()) {
            tape.backward(loss(batch, advantages, rows, actorActive, m));
        }
        m.put("actor/grad_norm", Ppo.clipGradNorm(parameters, cfg.ppo().maxGradNorm()));
        criticOptimizer.step();
        if (actorActive) actorOptimizer.step();
        return m;
    }

    /** L = mean L_i + c_v·mean((V − R)²) on the rows (only the value term before the actor starts). */
    Var loss(OnPolicyBatch batch, float[] advantages, int[] rows, boolean actorActive, Map<String, Double> m) {
        FpoConfig f = cfg.fpo();
        int b = rows.length, n = b * samples, width = recordWidth();
        Tensor states = batch.observations(rows), records = batch.records(rows);
        float[] adv = new float[n], old = new float[n], positive = new float[n], negative = new float[n];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < samples; i++) {
                int row = r * samples + i;
                adv[row] = advantages[rows[r]];
                old[row] = (float) Math.min(records.data()[r * width + samples * (dim + 1) + i], f.lossClamp());
                positive[row] = adv[row] >= 0 ? 1 : 0;
                negative[row] = 1 - positive[row];
            }
        }
        Var lossNew = cfmLosses(states, batch.actions(rows), records).clamp(0f, (float) f.lossClamp());
        lossNew = lossNew.mul(Tensor.wrap(positive, n)).add(lossNew.clamp(0f, (float) f.negativeClamp()).mul(Tensor.wrap(negative, n)));
        Var logRatio = cappedStraightThrough(lossNew.neg().add(Tensor.wrap(old, n)), (float) f.deltaCap());
        Var ratio = logRatio.exp();
        Var lossPg = trustRegionLoss(ratio, adv, (float) cfg.ppo().clipRatio(), "aspo".equals(f.trustRegion()));
        Var lossV = value.forward(Var.constant(states)).reshape(b).sub(Tensor.wrap(batch.returns(rows), b)).square().mean();
        Var loss = lossV.scale((float) cfg.ppo().valueCoef());
        if (actorActive) loss = loss.add(lossPg);

        m.put("actor/loss_pg", (double) lossPg.item());
        m.put("actor/cfm_loss", Ppo.mean(lossNew.value()));
        m.put("actor/approx_kl", Ppo.approxKl(logRatio.value()));
        m.put("actor/clip_fraction_positive", clipFractionPositive(ratio.value(), adv, cfg.ppo().clipRatio()));
        m.put("actor/ratio_mean", Ppo.mean(ratio.value()));
        m.put("critic/loss", (double) lossV.item());
        return loss;
    }

    /** Δ capped at {@code cap} in value while its gradient passes unchanged: Δ + sg[min(Δ, cap) − Δ]. */
    static Var cappedStraightThrough(Var delta, float cap) {
        Tensor correction = Tensor.zeros(delta.shape());
        for (int i = 0; i < correction.size(); i++) correction.data()[i] = Math.min(delta.value().data()[i], cap) - delta.value().data()[i];
        return delta.add(correction);
    }

    /**
     * mean_i L_i over ratios ρ [M] and advantages A [M]: the PPO clip where A &gt; 0 (and everywhere without
     * {@code aspo}), the SPO quadratic {@code −(ρA − |A|/(2ε)·(ρ − 1)²)} where A ≤ 0.
     */
    static Var trustRegionLoss(Var ratio, float[] adv, float clip, boolean aspo) {
        int n = adv.length;
        float[] pos = new float[n], neg = new float[n], spo = new float[n];
        for (int i = 0; i < n; i++) {
            pos[i] = !aspo || adv[i] > 0 ? 1 : 0;
            neg[i] = 1 - pos[i];
            spo[i] = Math.abs(adv[i]) / (2 * clip);
        }
        Tensor advantages = Tensor.wrap(adv, n);
        Var ppo = ratio.mul(advantages).neg().max(ratio.clamp(1 - clip, 1 + clip).mul(advantages).neg());
        Var quadratic = ratio.mul(advantages).neg().add(ratio.plus(-1f).square().mul(Tensor.wrap(spo, n)));
        return ppo.mul(Tensor.wrap(pos, n)).add(quadratic.mul(Tensor.wrap(neg, n))).mean();
    }

    /** Under ASPO only positive advantages are clipped: the fraction of those with ρ outside 1 ± ε. */
    private static double clipFractionPositive(Tensor ratio, float[] adv, double clip) {
        int count = 0, clipped = 0;
        for (int i = 0; i < adv.length; i++) {
            if (adv[i] <= 0) continue;
            count++;
            if (Math.abs(ratio.data()[i] - 1) > clip) clipped++;
        }
        return count == 0 ? 0 : (double) clipped / count;
    }

    /** The full loss with the actor active and the batch's normalised advantages, for gradient checks. */
    Var lossForTest(OnPolicyBatch batch, int[] rows) {
        return loss(batch, Ppo.normalise(batch.advantages()), rows, true, new LinkedHashMap<>());
    }

    // =====================================================================================  state

    @Override
    public ValueNet value() { return value; }

    public FlowPolicy policy() { return policy; }

    @Override
    public Map<String, Module> modules() {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put("policy.", policy.net());
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
