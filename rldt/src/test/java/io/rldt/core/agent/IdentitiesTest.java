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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The identities of spec §7 that concern the policy and the actor loss. */
class IdentitiesTest {
    static final PolicyConfig SMALL = new PolicyConfig(5, 32, 1, 16, 32, true);

    @Test
    void expected_target_at_the_last_step_is_the_euler_end_point() {
        Rng rng = new Rng(7);
        FlowPolicy policy = new FlowPolicy(new VelocityNet(3, 4, SMALL, rng.split()), SMALL.denoisingSteps());
        Tensor obs = Tensor.zeros(6, 3);
        for (int i = 0; i < obs.size(); i++) obs.data()[i] = (float) rng.nextGaussian();
        Chain chain = policy.sample(obs, rng, false);
        float[] target = new float[4];
        Tensor end = chain.actions();
        for (int row = 0; row < 6; row++) {
            chain.expectedTargetRow(SMALL.denoisingSteps() - 1, row, target, 0);
            for (int j = 0; j < 4; j++) {
                // x_K = x_{K−1} + v/K and a† = x_{K−1} + (1 − (K−1)/K)·v: equal up to float rounding.
                assertEquals(end.data()[row * 4 + j], target[j], 1e-6f * Math.max(1, Math.abs(target[j])));
            }
        }
    }

    @Test
    void transport_loss_gradient_equals_the_regression_form() {
        Rng rng = new Rng(11);
        VelocityNet net = new VelocityNet(3, 4, SMALL, rng.split());
        int n = 9, d = 4, k = SMALL.denoisingSteps();
        Tensor x = rand(rng, n, d), s = rand(rng, n, 3), phi = rand(rng, n, d), t = Tensor.zeros(n, 1);
        for (int i = 0; i < n; i++) t.data()[i] = (float) (rng.nextInt(k)) / k;
        // Form 1 (the agent's): L = −⟨v, φ⟩/(K(1 − t)), mean over rows.
        List<Tensor> g1 = grads(net, () -> {
            Var v = net.forward(Var.constant(x), Var.constant(t), Var.constant(s));
            return F.scale(F.sum(F.mul(v, Var.constant(weighted(phi, t, k)))), -1f / n);
        });
        // Form 2: ½‖v − sg[v + φ/(K(1 − t))]‖², mean over rows.
        List<Tensor> g2 = grads(net, () -> {
            Var v = net.forward(Var.constant(x), Var.constant(t), Var.constant(s));
            Var target = F.add(v.detach(), Var.constant(weighted(phi, t, k)));
            return F.scale(F.sum(F.square(F.sub(v, target))), 0.5f / n);
        });
        for (int p = 0; p < g1.size(); p++) {
            float[] a = g1.get(p).data(), b = g2.get(p).data();
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-6f + 1e-5f * Math.abs(a[i]), "param " + p + " elem " + i);
        }
    }

    static Tensor weighted(Tensor phi, Tensor t, int k) {
        int n = phi.dim(0), d = phi.dim(1);
        Tensor w = Tensor.zeros(n, d);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) w.data()[i * d + j] = phi.data()[i * d + j] / (k * (1 - t.data()[i]));
        return w;
    }

    static List<Tensor> grads(VelocityNet net, java.util.function.Supplier<Var> loss) {
        net.zeroGrad();
        try (Tape tape = Tape.record()) {
            tape.backward(loss.get());
        }
        List<Tensor> out = new ArrayList<>();
        for (Var p : net.parameters()) out.add(p.grad().copy());
        return out;
    }

    static Tensor rand(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) rng.nextGaussian();
        return t;
    }
}
