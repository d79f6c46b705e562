package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.core.config.PolicyConfig;
import io.rldt.core.policy.Chain;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The identities of spec §7 that concern the policy and the actor loss, checked on the very methods
 * {@link RldtAgent#actorStep} builds its losses with.
 */
class IdentitiesTest {
    static final PolicyConfig SMALL = new PolicyConfig(5, 32, 1, 16, 32, true);
    static final int N = 9, D = 4, K = 5;

    @Test
    void expected_target_at_the_last_step_is_the_euler_end_point() {
        Rng rng = new Rng(7);
        FlowPolicy policy = new FlowPolicy(new VelocityNet(3, 4, SMALL, rng.split()), SMALL.denoisingSteps());
        Tensor obs = rand(rng, 6, 3);
        Chain chain = policy.sample(obs, rng, false);
        int[] last = new int[6];
        java.util.Arrays.fill(last, SMALL.denoisingSteps() - 1);
        float[] target = chain.expectedTargetsAt(last).toArray();
        Tensor end = chain.actions();
        for (int row = 0; row < 6; row++) {
            for (int j = 0; j < 4; j++) {
                // x_K = x_{K−1} + v/K and a† = x_{K−1} + (1 − (K−1)/K)·v: equal up to float rounding.
                float t = target[row * 4 + j];
                assertEquals(end.data()[row * 4 + j], t, 1e-6f * Math.max(1, Math.abs(t)));
            }
        }
    }

    @Test
    void transport_loss_gradient_equals_the_regression_form() {
        Rng rng = new Rng(11);
        Tensor v0 = rand(rng, N, D), phi = rand(rng, N, D), t = depths(rng);
        // The agent's L_RL.
        Tensor g1 = gradWrtV(v0, v -> RldtAgent.transportLoss(v, phi, t, K));
        // ½‖v − sg[v + φ/(K(1 − t))]‖², mean over rows: d/dv = −φ/(K(1 − t))/N.
        Tensor g2 = gradWrtV(v0, v -> {
            Tensor shift = Tensor.zeros(N, D);
            for (int i = 0; i < N; i++) for (int j = 0; j < D; j++) shift.data()[i * D + j] = phi.data()[i * D + j] / (K * (1 - t.data()[i]));
            Var target = F.add(v.detach(), Var.constant(shift));
            return F.scale(F.sum(F.square(F.sub(v, target))), 0.5f / N);
        });
        assertClose(g2, g1);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                double expected = -phi.data()[i * D + j] / (K * (1.0 - t.data()[i])) / N;
                assertEquals(expected, g1.data()[i * D + j], 1e-6 + 1e-5 * Math.abs(expected));
            }
        }
    }

    @Test
    void consistency_loss_is_the_expected_target_error_scaled_by_K_squared_one_minus_t_squared() {
        Rng rng = new Rng(13);
        Tensor v = rand(rng, N, D), x = rand(rng, N, D), a = rand(rng, N, D), t = depths(rng);
        double expected = 0;
        for (int i = 0; i < N; i++) {
            double rem = 1.0 - t.data()[i], sq = 0;
            for (int j = 0; j < D; j++) {
                double e = x.data()[i * D + j] + rem * v.data()[i * D + j] - a.data()[i * D + j];
                sq += e * e;
            }
            expected += sq / (K * K * rem * rem) / N;
        }
        float got;
        try (var ignored = Tape.noGrad()) {
            got = RldtAgent.consistencyLoss(Var.constant(v), x, a, t, K).item();
        }
        assertEquals(expected, got, 1e-5 * Math.max(1, Math.abs(expected)));
    }

    static Tensor gradWrtV(Tensor v0, java.util.function.Function<Var, Var> loss) {
        Var v = Var.param(v0.copy());
        try (Tape tape = Tape.record()) {
            return tape.grad(loss.apply(v), v)[0];
        }
    }

    /** t_i = k_i/K for random depths k_i. */
    static Tensor depths(Rng rng) {
        Tensor t = Tensor.zeros(N, 1);
        for (int i = 0; i < N; i++) t.data()[i] = (float) rng.nextInt(K) / K;
        return t;
    }

    static void assertClose(Tensor expected, Tensor actual) {
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.data()[i];
            assertEquals(e, actual.data()[i], 1e-6f + 1e-5f * Math.abs(e), "element " + i);
        }
    }

    static Tensor rand(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) rng.nextGaussian();
        return t;
    }
}
