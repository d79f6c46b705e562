package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.PolicyConfig;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.critic.KnownRewardCritic;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * QAM's pieces against independent computations: the lean adjoint against finite differences of the terminal
 * objective carried through the reference dynamics (a 1-D toy), both losses' parameter gradients against finite
 * differences, and one actor step that moves the policy toward higher Q.
 */
class QamAgentTest {
    private static final PolicyConfig CFG = new PolicyConfig(4, 16, 1, 8, 16, true);

    private static FlowPolicy tinyPolicy(int obsDim, int actionDim, long seed) {
        return new FlowPolicy(new VelocityNet(obsDim, actionDim, CFG, new Rng(seed)), CFG.denoisingSteps());
    }

    /** x ↦ x + h·(2·v_ref(x, t_j + h, s) − x/(t_j + h)) for j = from..K−1, then J(x_K) = β·(x_K − 0.3)² per row. */
    private static double[] objective(FlowPolicy ref, Tensor s, Tensor x0, int from, double beta) {
        int k = ref.steps(), b = x0.dim(0);
        float h = 1f / k;
        Tensor x = x0.copy();
        try (var ignored = Tape.noGrad()) {
            for (int j = from; j < k; j++) {
                float shifted = ref.time(j) + h;
                float[] v = ref.velocity(Var.constant(x), Var.constant(Tensor.full(shifted, b, 1)), Var.constant(s)).value().data();
                for (int r = 0; r < b; r++) x.data()[r] += h * (2 * v[r] - x.data()[r] / shifted);
            }
        }
        double[] out = new double[b];
        for (int r = 0; r < b; r++) out[r] = beta * (x.data()[r] - 0.3) * (x.data()[r] - 0.3);
        return out;
    }

    @Test
    void lean_adjoint_is_the_gradient_of_the_terminal_objective_through_the_reference_dynamics() {
        FlowPolicy ref = tinyPolicy(1, 1, 3);
        int k = ref.steps(), b = 5;
        double beta = 0.7;
        Tensor s = Tensor.full(0.4f, b, 1);
        // States along the reference dynamics from a few starts.
        Tensor[] xs = new Tensor[k];
        Tensor x = Tensor.wrap(new float[] {-1.2f, -0.4f, 0.1f, 0.6f, 1.3f}, b, 1);
        float h = 1f / k;
        for (int j = 0; j < k; j++) {
            xs[j] = x.copy();
            try (var ignored = Tape.noGrad()) {
                float shifted = ref.time(j) + h;
                float[] v = ref.velocity(Var.constant(x), Var.constant(Tensor.full(shifted, b, 1)), Var.constant(s)).value().data();
                for (int r = 0; r < b; r++) x.data()[r] += h * (2 * v[r] - x.data()[r] / shifted);
            }
        }
        // ã_K = ∇J(x_K) = 2β(x_K − 0.3)  (J = −β·Q with Q(a) = −(a − 0.3)²)
        Tensor adjK = Tensor.zeros(b, 1);
        for (int r = 0; r < b; r++) adjK.data()[r] = (float) (2 * beta * (x.data()[r] - 0.3));
        Tensor[] adjs = QamAgent.leanAdjoint(ref, s, xs, adjK);
        float eps = 1e-3f;
        for (int i = 0; i < k; i++) {
            Tensor plus = xs[i].copy(), minus = xs[i].copy();
            for (int r = 0; r < b; r++) {
                plus.data()[r] += eps;
                minus.data()[r] -= eps;
            }
            double[] fp = objective(ref, s, plus, i, beta), fm = objective(ref, s, minus, i, beta);
            for (int r = 0; r < b; r++) {
                double fd = (fp[r] - fm[r]) / (2 * eps);
                assertEquals(fd, adjs[i].data()[r], 2e-3 * (1 + Math.abs(fd)), "ã_" + i + " row " + r);
            }
        }
    }

    /** Every parameter's analytic gradient of {@code loss} at a few entries against a central difference. */
    private static void checkParameterGradients(VelocityNet net, Supplier<Var> loss) {
        net.zeroGrad();
        try (Tape tape = Tape.record()) {
            tape.backward(loss.get());
        }
        int checked = 0;
        for (Map.Entry<String, Var> e : net.namedParameters().entrySet()) {
            float[] p = e.getValue().value().data();
            for (int idx : new int[] {0, p.length / 2, p.length - 1}) {
                float saved = p[idx], eps = 1e-2f * Math.max(1f, Math.abs(saved));
                double up, down;
                try (var ignored = Tape.noGrad()) {
                    p[idx] = saved + eps;
                    up = loss.get().item();
                    p[idx] = saved - eps;
                    down = loss.get().item();
                }
                p[idx] = saved;
                double fd = (up - down) / (2 * eps), analytic = e.getValue().grad().data()[idx];
                assertEquals(fd, analytic, 2e-2 * Math.max(1.0, Math.abs(fd)), e.getKey() + "[" + idx + "]");
                checked++;
            }
        }
        assertTrue(checked > 10);
    }

    private static Tensor gaussian(Rng rng, float scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = scale * (float) rng.nextGaussian();
        return t;
    }

    @Test
    void adjoint_matching_and_anchor_losses_have_the_gradients_of_their_values() {
        FlowPolicy policy = tinyPolicy(3, 2, 5);
        Rng rng = new Rng(11);
        int rows = 12;
        Tensor x = gaussian(rng, 1f, rows, 2), s = gaussian(rng, 1f, rows, 3), vRef = gaussian(rng, 0.5f, rows, 2);
        Tensor t = Tensor.zeros(rows, 1), twoOverSigma = Tensor.zeros(rows, 1), sigmaAdj = gaussian(rng, 0.3f, rows, 2);
        for (int r = 0; r < rows; r++) {
            t.data()[r] = (r % 4) / 4f;
            twoOverSigma.data()[r] = 0.5f + r % 3;
        }
        checkParameterGradients(policy.net(), () -> QamAgent.adjointLoss(policy, x, t, s, vRef, twoOverSigma, sigmaAdj, 4));
        Tensor tau = Tensor.zeros(rows, 1);
        for (int r = 0; r < rows; r++) tau.data()[r] = (float) rng.nextDouble();
        checkParameterGradients(policy.net(), () -> QamAgent.anchorLoss(policy, x, tau, s, vRef, 4));
    }

    @Test
    void actor_steps_move_samples_toward_the_critics_optimum_and_rerun_identically() {
        RldtConfig cfg = ConfigToml.override(Presets.bandit(), java.util.List.of("policy.hidden=32")).asQam();
        cfg = ConfigToml.override(cfg, java.util.List.of("actor.lr=3e-3", "actor.warmupSteps=0", "qam.inverseTemperature=3"));
        // Q(a) = −(a − 0.5)²: the tilted distribution moves mass toward 0.5.
        KnownRewardCritic q = new KnownRewardCritic((obs, a, g) -> g[0] = -2 * (a[0] - 0.5f));
        double[] first = null;
        for (int run = 0; run < 2; run++) {
            FlowPolicy policy = new FlowPolicy(new VelocityNet(1, 1, cfg.policy(), new Rng(1)), cfg.policy().denoisingSteps());
            QamAgent agent = new QamAgent(cfg, policy, new float[] {-1}, new float[] {1}, new Rng(2));
            Tensor states = Tensor.zeros(64, 1);
            double before = meanDistance(agent, states);
            Rng rng = new Rng(3);
            Map<String, Double> m = null;
            for (int step = 0; step < 60; step++) m = agent.actorStep(states, q, rng);
            double after = meanDistance(agent, states);
            assertTrue(after < 0.8 * before, "mean |a − 0.5| " + before + " → " + after);
            assertTrue(m.get("actor/adj_mean") > 0 && Double.isFinite(m.get("actor/loss_adjoint")));
            double[] now = {after, m.get("actor/loss"), m.get("actor/grad_norm")};
            if (first == null) first = now;
            else assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(now));
        }
        assertNotEquals(0.0, first[1]);
    }

    @Test
    void the_runs_first_round_warms_the_critic_up_with_a_whole_iterations_steps() {
        RldtConfig cfg = ConfigToml.override(Presets.bandit(), java.util.List.of("policy.hidden=16", "critic.hidden=16",
                "loop.rounds=3", "critic.stepsPerRound=2")).asQam(); // asQam doubles: 4 steps per round
        assertEquals(4, cfg.critic().stepsPerRound());
        java.util.List<java.util.List<io.rldt.core.data.Trajectory>> batch = new java.util.ArrayList<>();
        Rng data = new Rng(5);
        for (int g = 0; g < 4; g++) {
            float[] obs = {0, 0}, act = {(float) data.nextGaussian(), (float) data.nextGaussian()}, rew = {(float) data.nextDouble()};
            batch.add(java.util.List.of(new io.rldt.core.data.Trajectory(1, 1, 2, obs, act, rew, true, false)));
        }
        int[][] expected = {{-1, 12, 16}, {0, 4, 8}, {7, 7, 11}}; // criticWarmupSteps → steps after rounds 1 and 2
        for (int[] e : expected) {
            RldtConfig c = ConfigToml.override(cfg, java.util.List.of("qam.criticWarmupSteps=" + e[0]));
            FlowPolicy policy = new FlowPolicy(new VelocityNet(1, 2, c.policy(), new Rng(1)), c.policy().denoisingSteps());
            QamAgent agent = new QamAgent(c, policy, new float[] {-2, -2}, new float[] {2, 2}, new Rng(2));
            Rng rng = new Rng(3);
            agent.updateRound(batch, rng, false);
            assertEquals(e[1], agent.critic().steps(), "first round, criticWarmupSteps " + e[0]);
            agent.updateRound(batch, rng, false);
            assertEquals(e[2], agent.critic().steps(), "second round, criticWarmupSteps " + e[0]);
        }
    }

    private static double meanDistance(QamAgent agent, Tensor states) {
        Tensor a = agent.act(Tensor.zeros(512, 1), new Rng(9), false, false);
        double sum = 0;
        for (float v : a.data()) sum += Math.abs(v - 0.5);
        return sum / a.size();
    }
}
