package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.Tape;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.data.OnPolicyBatch;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flow-DPPO: ratio 1 before the first update (also with x_K clamped), the per-step log-prob against the formula, the loss gradient. */
class FlowDppoAgentTest {
    @Test
    void ratio_is_exactly_one_before_the_first_update() {
        OnPolicyConfig cfg = ReinFlowAgentTest.config("dppo", "chain.fineTunedSteps=2");
        FlowDppoAgent agent = new FlowDppoAgent(cfg, ReinFlowAgentTest.policy(cfg), -1f, 1f, new Rng(1));
        agent.beginIteration(0);
        assertEquals(2, agent.trainedSteps());
        OnPolicyBatch batch = ReinFlowAgentTest.batch(agent, 9, 2);
        Map<String, Double> m = agent.minibatchStep(batch, new int[] {17, 0, 3, 3, 10, 5, 8}, true);
        assertEquals(0.0, m.get("actor/approx_kl"), "every log ρ must be exactly 0");
        assertEquals(1.0, m.get("actor/ratio_mean"));
        assertTrue(agent.minibatchStep(batch, new int[] {17, 0, 3}, true).get("actor/approx_kl") > 0);
    }

    @Test
    void the_final_latent_is_clamped_to_the_box_and_the_ratio_stays_one() {
        OnPolicyConfig cfg = ReinFlowAgentTest.config("dppo", "chain.fineTunedSteps=2");
        float box = 0.05f;
        FlowDppoAgent agent = new FlowDppoAgent(cfg, ReinFlowAgentTest.policy(cfg), -box, box, new Rng(1));
        agent.beginIteration(0);
        OnPolicyBatch batch = ReinFlowAgentTest.batch(agent, 8, 3);
        int d = ReinFlowAgentTest.DIM, bound = 0;
        for (int i = 0; i < batch.size(); i++) {
            for (int j = 0; j < d; j++) {
                float xK = batch.records(new int[] {i}).data()[agent.trainedSteps() * d + j]; // x_K after x_{K−K'}..x_{K−1}
                assertTrue(Math.abs(xK) <= box, "x_K inside the box: " + xK);
                assertEquals(batch.actions(new int[] {i}).data()[j], xK);
                if (Math.abs(xK) == box) bound++;
            }
        }
        assertTrue(bound > 0, "the clamp bound somewhere");
        Map<String, Double> m = agent.minibatchStep(batch, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, true);
        assertEquals(0.0, m.get("actor/approx_kl"), "the last step's ℓ_old and ℓ_new are both at the clamped x_K");
        assertEquals(1.0, m.get("actor/ratio_mean"));
    }

    @Test
    void step_log_prob_is_the_clamped_per_dimension_mean() {
        OnPolicyConfig cfg = ReinFlowAgentTest.config("dppo", "chain.fineTunedSteps=1", "chain.fixedSigma=0.2");
        FlowDppoAgent agent = new FlowDppoAgent(cfg, ReinFlowAgentTest.policy(cfg), -1f, 1f, new Rng(1));
        Tensor obs = Tensor.wrap(new float[] {0.3f, -0.2f, 0.9f}, 1, 3);
        OnPolicyAgent.Acting a = agent.act(obs, new Rng(4));
        int d = ReinFlowAgentTest.DIM, k = cfg.denoisingSteps() - 1;
        float[] r = a.records().data();
        float[] mean;
        try (var ignored = Tape.noGrad()) {
            Tensor x = Tensor.wrap(java.util.Arrays.copyOf(r, d), 1, d);
            mean = new io.rldt.core.policy.FlowPolicy(((FlowDppoAgent) agent).policy().net(), cfg.denoisingSteps())
                    .velocity(io.rldt.autodiff.Var.constant(x), io.rldt.autodiff.Var.constant(Tensor.wrap(new float[] {(float) k / (k + 1)}, 1, 1)),
                            io.rldt.autodiff.Var.constant(obs)).value().data();
        }
        double expected = 0;
        for (int j = 0; j < d; j++) {
            double mu = Math.max(-1, Math.min(1, r[j] + mean[j] / (double) (k + 1))), z = (r[d + j] - mu) / 0.2;
            expected += Math.max(-5, Math.min(2, -0.5 * z * z - Math.log(0.2) - 0.5 * Math.log(2 * Math.PI))) / d;
        }
        assertEquals(expected, r[2 * d], 1e-5);
    }

    @Test
    void loss_gradient_matches_a_central_difference() {
        OnPolicyConfig cfg = ReinFlowAgentTest.config("dppo", "chain.logprobMin=-100", "chain.logprobMax=100", "ppo.clipRatio=0.5",
                "chain.fixedSigma=0.5");
        FlowDppoAgent agent = new FlowDppoAgent(cfg, ReinFlowAgentTest.policy(cfg), -5f, 5f, new Rng(1));
        agent.beginIteration(3);
        OnPolicyBatch batch = ReinFlowAgentTest.batch(agent, 5, 4);
        int[] pairs = {0, 1, 2, 3, 4, 5, 6, 7};
        agent.minibatchStep(batch, pairs, true);
        LossGradCheck.check(agent.modules().values(), () -> agent.lossForTest(batch, pairs), 1e-3, 0.03);
    }
}
