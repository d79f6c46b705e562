package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.data.OnPolicyBatch;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FPO++: ratio 1 before the first update, ratio, clipping and ASPO on hand-made values, the loss gradient. */
class FpoAgentTest {
    static FpoAgent agent(String... sets) {
        OnPolicyConfig cfg = ReinFlowAgentTest.config("fpo", sets);
        return new FpoAgent(cfg, ReinFlowAgentTest.policy(cfg), -1f, 1f, new Rng(1));
    }

    @Test
    void ratio_is_exactly_one_before_the_first_update() {
        FpoAgent agent = agent("fpo.mcSamples=4");
        agent.beginIteration(0);
        OnPolicyBatch batch = ReinFlowAgentTest.batch(agent, 9, 2);
        float[] adv = Ppo.normalise(batch.advantages());
        Map<String, Double> m = agent.minibatchStep(batch, adv, new int[] {8, 0, 3, 3, 5}, true);
        assertEquals(0.0, m.get("actor/approx_kl"), "every Δ_i must be exactly 0");
        assertEquals(1.0, m.get("actor/ratio_mean"));
        assertTrue(agent.minibatchStep(batch, adv, new int[] {8, 0, 3}, true).get("actor/approx_kl") > 0);
    }

    @Test
    void stored_pairs_and_the_cfm_loss() {
        FpoAgent agent = agent("fpo.mcSamples=3");
        Tensor obs = Tensor.wrap(new float[] {0.3f, -0.2f, 0.9f}, 1, 3);
        OnPolicyAgent.Acting acting = agent.act(obs, new Rng(4));
        int d = ReinFlowAgentTest.DIM;
        float[] r = acting.records().data(), a = acting.actions().data();
        for (int i = 0; i < 3; i++) {
            float tau = r[3 * d + i];
            assertTrue(tau >= 0.005f && tau <= 0.995f, "τ in [0.005, 0.995]");
            float[] xt = new float[d];
            for (int j = 0; j < d; j++) xt[j] = tau * a[j] + (1 - tau) * r[i * d + j];
            float[] v;
            try (var ignored = Tape.noGrad()) {
                v = agent.policy().velocity(Var.constant(Tensor.wrap(xt, 1, d)), Var.constant(Tensor.wrap(new float[] {tau}, 1, 1)),
                        Var.constant(obs)).value().data();
            }
            double l = 0;
            for (int j = 0; j < d; j++) l += Math.pow(v[j] - (a[j] - r[i * d + j]), 2);
            assertEquals(l / Math.sqrt(d), r[3 * d + 3 + i], 1e-5, "ℓ_old of pair " + i);
        }
    }

    @Test
    void ratio_clipping_and_aspo_on_hand_made_values() {
        // Δ = ℓ_old − ℓ_new, capped at 10 straight-through: value min(Δ, 10), gradient 1 even above the cap.
        Var delta = Var.param(Tensor.wrap(new float[] {0.5f, 0f, 0.02f, 12f}, 4));
        float[] a = {1f, -2f, 1f, -1f};
        try (Tape tape = Tape.record()) {
            Var capped = FpoAgent.cappedStraightThrough(delta, 10f);
            assertEquals(10f, capped.value().data()[3]);
            Var ratio = capped.exp();
            Var loss = FpoAgent.trustRegionLoss(ratio, a, 0.05f, true);
            double[] rho = {Math.exp(0.5), 1, Math.exp(0.02), Math.exp(10)};
            // A > 0: PPO clip max(−Aρ, −A·clip(ρ, 0.95, 1.05)); A ≤ 0: −(ρA − |A|/(2ε)(ρ − 1)²), ε = 0.05.
            double l0 = Math.max(-rho[0], -1.05), l2 = Math.max(-rho[2], -1.05);
            double l1 = -(rho[1] * -2 - 2 / 0.1 * Math.pow(rho[1] - 1, 2));
            double l3 = -(rho[3] * -1 - 1 / 0.1 * Math.pow(rho[3] - 1, 2));
            assertEquals((l0 + l1 + l2 + l3) / 4, loss.item(), 1e-3 * Math.abs(l3));
            tape.backward(loss);
            float[] g = delta.grad().data();
            assertEquals(0f, g[0], "A > 0 with ρ above 1 + ε: the clipped branch, no gradient");
            assertEquals(-rho[2] / 4, g[2], 1e-6, "A > 0 inside the clip range: −A·ρ");
            assertEquals(-(rho[1] * -2 - 2 / 0.1 * 2 * (rho[1] - 1) * rho[1]) / 4, g[1], 1e-6, "SPO at ρ = 1");
            double spo3 = -(rho[3] * -1 - 1 / 0.1 * 2 * (rho[3] - 1) * rho[3]) / 4;
            assertEquals(spo3, g[3], 1e-3 * Math.abs(spo3), "straight-through: the capped Δ still carries its gradient");
        }
        // Plain PPO for negative advantages when trustRegion = ppo: −A·clip binds for ρ above 1 + ε.
        Var r = Var.param(Tensor.wrap(new float[] {1.2f}, 1));
        try (Tape tape = Tape.record()) {
            Var loss = FpoAgent.trustRegionLoss(r, new float[] {-1f}, 0.05f, false);
            assertEquals(1.2, loss.item(), 1e-6);
            tape.backward(loss);
            assertEquals(1f, r.grad().data()[0]);
        }
    }

    @Test
    void loss_gradient_matches_a_central_difference() {
        FpoAgent agent = agent("fpo.mcSamples=3", "ppo.clipRatio=0.5");
        agent.beginIteration(0);
        OnPolicyBatch batch = ReinFlowAgentTest.batch(agent, 5, 4);
        int[] rows = {0, 1, 2, 3, 4};
        agent.minibatchStep(batch, Ppo.normalise(batch.advantages()), rows, true);
        LossGradCheck.check(agent.modules().values(), () -> agent.lossForTest(batch, rows), 1e-3, 0.03);
        Map<String, Double> m = new LinkedHashMap<>();
        agent.loss(batch, Ppo.normalise(batch.advantages()), rows, true, m);
        assertTrue(m.get("actor/approx_kl") > 0);
    }
}
