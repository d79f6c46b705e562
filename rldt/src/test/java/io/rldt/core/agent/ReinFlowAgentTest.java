package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.config.OnPolicyPresets;
import io.rldt.core.config.PolicyConfig;
import io.rldt.core.data.OnPolicyBatch;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.NoisyFlowSampler;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ReinFlow: ratio 1 before the first update (also where the x_K clamp binds), the chain likelihood against the
 * analytic Gaussian sum, the learning-rate schedule, the gradient.
 */
class ReinFlowAgentTest {
    static final int OBS = 3, DIM = 2;

    static OnPolicyConfig config(String algo, String... sets) {
        OnPolicyConfig base = OnPolicyPresets.get(algo, "pendulum");
        List<String> all = new java.util.ArrayList<>(List.of("policy.hidden=8", "policy.timeEmbedding=4", "policy.timeHidden=8",
                "policy.denoisingSteps=3", "ppo.valueHidden=8", "chain.noiseHidden=4", "ppo.minibatchSize=7"));
        all.addAll(List.of(sets));
        return ConfigToml.override(base, all, OnPolicyConfig.class);
    }

    static FlowPolicy policy(OnPolicyConfig cfg) {
        return new FlowPolicy(new VelocityNet(OBS, DIM, cfg.policy(), new Rng(5)), cfg.policy().denoisingSteps());
    }

    /** A batch of n rollout rows from {@code agent}, with random advantages and returns. */
    static OnPolicyBatch batch(OnPolicyAgent agent, int n, long seed) {
        Rng rng = new Rng(seed);
        Tensor obs = Tensor.zeros(n, OBS);
        for (int i = 0; i < obs.size(); i++) obs.data()[i] = (float) rng.nextGaussian();
        // Acted on in two groups of rows, as a rollout acts on E envs at a time (not on the minibatch's rows).
        int half = n / 2;
        OnPolicyAgent.Acting a = agent.act(Tensor.wrap(java.util.Arrays.copyOf(obs.data(), half * OBS), half, OBS), rng);
        OnPolicyAgent.Acting b = agent.act(Tensor.wrap(java.util.Arrays.copyOfRange(obs.data(), half * OBS, n * OBS), n - half, OBS), rng);
        float[] actions = concat(a.actions().data(), b.actions().data()), records = concat(a.records().data(), b.records().data());
        float[] adv = new float[n], ret = new float[n];
        for (int i = 0; i < n; i++) {
            adv[i] = (float) rng.nextGaussian();
            ret[i] = (float) rng.nextGaussian();
        }
        return new OnPolicyBatch(n, OBS, DIM, agent.recordWidth(), obs.data(), actions, records, new float[n], adv, ret);
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void ratio_is_exactly_one_before_the_first_update() {
        OnPolicyConfig cfg = config("reinflow");
        ReinFlowAgent agent = new ReinFlowAgent(cfg, policy(cfg), -1f, 1f, new Rng(1));
        agent.beginIteration(0);
        OnPolicyBatch batch = batch(agent, 11, 2);
        Map<String, Double> m = agent.minibatchStep(batch, new int[] {7, 0, 3, 3, 10, 5}, true);
        assertEquals(0.0, m.get("actor/approx_kl"), "every log ρ must be exactly 0");
        assertEquals(1.0, m.get("actor/ratio_mean"));
        assertEquals(0.0, m.get("actor/clip_fraction"));
        // After the step the same rows have moved.
        Map<String, Double> after = agent.minibatchStep(batch, new int[] {7, 0, 3}, true);
        assertTrue(after.get("actor/approx_kl") > 0);
    }

    @Test
    void chain_log_likelihood_is_the_analytic_gaussian_sum() {
        OnPolicyConfig cfg = config("reinflow", "chain.logprobMin=-100", "chain.logprobMax=100");
        FlowPolicy policy = policy(cfg);
        ReinFlowAgent agent = new ReinFlowAgent(cfg, policy, -1f, 1f, new Rng(1));
        agent.beginIteration(0);
        NoisyFlowSampler sampler = agent.sampler();
        int k = sampler.steps(), n = 2;
        Tensor obs = Tensor.wrap(new float[] {0.3f, -0.2f, 0.9f, -1f, 0.5f, 0.1f}, n, OBS);
        Tensor chain = sampler.sample(obs, new Rng(3), false).chain();
        float[] got;
        try (var ignored = Tape.noGrad()) {
            got = sampler.chainTerms(chain, obs).logLikelihood().value().data();
        }
        for (int i = 0; i < n; i++) {
            double sum = 0;
            Tensor s = Tensor.wrap(java.util.Arrays.copyOfRange(obs.data(), i * OBS, (i + 1) * OBS), 1, OBS);
            for (int j = 0; j < DIM; j++) {
                double x0 = chain.data()[i * (k + 1) * DIM + j];
                sum += -0.5 * x0 * x0 - 0.5 * Math.log(2 * Math.PI);
            }
            for (int step = 0; step < k; step++) {
                Tensor x = Tensor.wrap(java.util.Arrays.copyOfRange(chain.data(), (i * (k + 1) + step) * DIM,
                        (i * (k + 1) + step + 1) * DIM), 1, DIM);
                Tensor t = Tensor.wrap(new float[] {(float) step / k}, 1, 1);
                float[] v, logStd;
                try (var ignored = Tape.noGrad()) {
                    v = policy.velocity(Var.constant(x), Var.constant(t), Var.constant(s)).value().data();
                    logStd = agent.noise().logStd(agent.noise().timeFeatures(policy.net(), t), Var.constant(s), 0.10, 0.24).value().data();
                }
                for (int j = 0; j < DIM; j++) {
                    double mu = Math.max(-1, Math.min(1, x.data()[j] + v[j] / (double) k));
                    double sigma = Math.exp(logStd[j]), next = chain.data()[(i * (k + 1) + step + 1) * DIM + j];
                    assertTrue(sigma >= 0.10 - 1e-6 && sigma <= 0.24 + 1e-6, "σ inside [σ_min, σ_max]");
                    sum += -0.5 * Math.pow((next - mu) / sigma, 2) - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
                }
            }
            assertEquals(sum / ((k + 1) * DIM), got[i], 2e-5, "state " + i);
        }
    }

    @Test
    void sigma_max_is_held_then_cosine_decayed_to_the_spec_value() {
        var c = config("reinflow").chain();
        assertEquals(0.24, ReinFlowAgent.sigmaMax(c, 0, 100), 1e-12);
        assertEquals(0.24, ReinFlowAgent.sigmaMax(c, 34, 100), 1e-12, "held for 35 % of the iterations");
        assertTrue(ReinFlowAgent.sigmaMax(c, 60, 100) < 0.24);
        assertEquals(0.3 * 0.10 + 0.7 * 0.24, ReinFlowAgent.sigmaMax(c, 100, 100), 1e-12, "0.198 for [0.10, 0.24]");
    }

    @Test
    void deterministic_evaluation_is_the_clipped_mean_chain() {
        OnPolicyConfig cfg = config("reinflow");
        ReinFlowAgent agent = new ReinFlowAgent(cfg, policy(cfg), -0.05f, 0.05f, new Rng(1));
        Tensor obs = Tensor.wrap(new float[] {0.3f, -0.2f, 0.9f}, 1, OBS);
        Tensor a = agent.actDeterministic(obs), b = agent.actDeterministic(obs);
        assertTrue(java.util.Arrays.equals(a.data(), b.data()));
        for (float v : a.data()) assertTrue(Math.abs(v) <= 0.05f);
    }

    @Test
    void the_final_state_is_clamped_in_the_chain_and_the_ratio_stays_one() {
        // A narrow box, so the clamp of x_K binds for most rows (spec §2.2: x_K clamped after the last step).
        OnPolicyConfig cfg = config("reinflow");
        float box = 0.05f;
        ReinFlowAgent agent = new ReinFlowAgent(cfg, policy(cfg), -box, box, new Rng(1));
        agent.beginIteration(0);
        OnPolicyBatch batch = batch(agent, 12, 2);
        int k = agent.sampler().steps(), bound = 0;
        for (int i = 0; i < batch.size(); i++) {
            for (int j = 0; j < DIM; j++) {
                float xK = batch.records(new int[] {i}).data()[k * DIM + j];
                assertTrue(Math.abs(xK) <= box, "x_K inside the box: " + xK);
                assertEquals(batch.actions(new int[] {i}).data()[j], xK, "the executed action is the stored x_K");
                if (Math.abs(xK) == box) bound++;
            }
        }
        assertTrue(bound > 0, "the clamp bound somewhere");
        Map<String, Double> m = agent.minibatchStep(batch, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, true);
        assertEquals(0.0, m.get("actor/approx_kl"), "ℓ_old and ℓ_new are both scored at the clamped x_K");
        assertEquals(1.0, m.get("actor/ratio_mean"));
    }

    @Test
    void learning_rates_restart_every_cycle_and_the_actor_schedule_starts_after_the_critic_warmup() {
        OnPolicyConfig cfg = config("reinflow", "ppo.actorLr=1e-3", "ppo.actorMinLr=1e-4", "ppo.criticLr=2e-3",
                "ppo.criticMinLr=2e-4", "ppo.lrWarmupIterations=2", "ppo.lrCycleIterations=6", "loop.criticWarmupIterations=5");
        ReinFlowAgent agent = new ReinFlowAgent(cfg, policy(cfg), -1f, 1f, new Rng(1));
        var actor = io.rldt.autodiff.optim.Schedules.warmupCosineRestarts(1e-3, 1e-4, 2, 6);
        var critic = io.rldt.autodiff.optim.Schedules.warmupCosineRestarts(2e-3, 2e-4, 2, 6);
        for (int itr = 0; itr < 20; itr++) {
            agent.beginIteration(itr);
            assertEquals(critic.lr(itr), agent.optimizers().get("critic.").lr(), 1e-15, "critic at " + itr);
            assertEquals(actor.lr(Math.max(0, itr - 5)), agent.optimizers().get("actor.").lr(), 1e-15, "actor at " + itr);
        }
        agent.beginIteration(5);
        assertEquals(1e-4, agent.optimizers().get("actor.").lr(), 1e-15, "the actor's first step is at the min rate");
        agent.beginIteration(6);
        assertEquals(2e-4, agent.optimizers().get("critic.").lr(), 1e-15, "the critic's cycle restarts at 6, from the min rate");
        agent.beginIteration(8);
        assertEquals(2e-3, agent.optimizers().get("critic.").lr(), 1e-15, "and peaks after the warm-up of 2");
    }

    @Test
    void loss_gradient_matches_a_central_difference() {
        OnPolicyConfig cfg = config("reinflow", "chain.logprobMin=-100", "chain.logprobMax=100", "ppo.clipRatio=0.5");
        ReinFlowAgent agent = new ReinFlowAgent(cfg, policy(cfg), -5f, 5f, new Rng(1));
        agent.beginIteration(3);
        OnPolicyBatch batch = batch(agent, 6, 4);
        int[] idx = {0, 1, 2, 3, 4, 5};
        agent.minibatchStep(batch, idx, true); // move θ away from θ_old so ρ ≠ 1
        // The noise net reads the policy's time embedding through sg[·] (spec §2.2): a central difference on those
        // weights also moves σ_ψ, which backward rightly ignores, so they are not probed here (Flow-DPPO's and
        // FPO++'s checks cover them).
        java.util.Set<Var> timeEmbedding = new java.util.HashSet<>();
        agent.policy().net().namedParameters().forEach((k, v) -> { if (k.startsWith("time.")) timeEmbedding.add(v); });
        assertTrue(!timeEmbedding.isEmpty());
        LossGradCheck.check(agent.modules().values(), () -> agent.lossForTest(batch, idx), 1e-3, 0.03, timeEmbedding);
    }
}
