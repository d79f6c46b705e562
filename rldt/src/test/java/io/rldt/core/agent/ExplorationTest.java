package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.Var;
import io.rldt.core.config.PolicyConfig;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec §5: exploration noise d = ‖a − a†(x_i, t_i)‖ vanishes for a straight flow and not otherwise. */
class ExplorationTest {
    static final PolicyConfig SMALL = Presets.bandit().policy();

    @Test
    void a_straight_flow_explores_with_zero_noise() {
        RldtConfig cfg = Presets.bandit();
        VelocityNet net = new VelocityNet(1, 2, SMALL, new Rng(1));
        // Zero every weight, keep the output bias: v ≡ c, so x_K = x_0 + c and a†(x_k) = x_0 + c for every k.
        Map<String, Var> params = net.namedParameters();
        params.forEach((name, p) -> java.util.Arrays.fill(p.value().data(), 0f));
        String outBias = params.keySet().stream().filter(n -> n.startsWith("body.") && n.endsWith("bias"))
                .reduce((a, b) -> b).orElseThrow();
        params.get(outBias).value().data()[0] = 0.25f;
        params.get(outBias).value().data()[1] = -0.5f;
        FlowPolicy policy = new FlowPolicy(net, SMALL.denoisingSteps());
        RldtAgent agent = new RldtAgent(cfg, policy, new float[] {-3, -3}, new float[] {3, 3}, new Rng(2));
        Tensor obs = Tensor.zeros(6, 1);
        Tensor explored = agent.act(obs, new Rng(9), true, false);
        Tensor plain = agent.act(obs, new Rng(9), false, false);
        assertArrayEquals(plain.toArray(), explored.toArray(), 1e-6f);
    }

    @Test
    void a_curved_flow_explores_with_noise() {
        RldtConfig cfg = Presets.bandit();
        FlowPolicy policy = new FlowPolicy(new VelocityNet(1, 2, SMALL, new Rng(1)), SMALL.denoisingSteps());
        RldtAgent agent = new RldtAgent(cfg, policy, new float[] {-3, -3}, new float[] {3, 3}, new Rng(2));
        Tensor obs = Tensor.zeros(64, 1);
        float[] explored = agent.act(obs, new Rng(9), true, false).toArray();
        float[] plain = agent.act(obs, new Rng(9), false, false).toArray();
        double diff = 0;
        for (int i = 0; i < plain.length; i++) diff += Math.abs(explored[i] - plain[i]);
        assertTrue(diff > 1e-3, "expected exploration noise, total |diff| = " + diff);
    }
}
