package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.critic.KnownRewardCritic;
import io.rldt.core.demo.BanditDemonstrations;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.core.pretrain.FlowPretrainer;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.tasks.BimodalBandit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spec §7/§8 on the bimodal bandit with the exact critic Q = r: from a flow pretrained on the two-Gaussian
 * demonstrations, RLDT moves both modes onto the reward peaks and keeps mass in both; with the delta kernel
 * (no repulsion) the within-mode spread collapses further than with the RBF kernel.
 */
class BanditTransportTest {
    static final int ACTOR_STEPS = 250, SAMPLES = 2000;
    static VelocityNet pretrained;
    static RldtConfig cfg = Presets.bandit();

    @BeforeAll
    static void pretrain() {
        Rng root = new Rng(1);
        pretrained = new VelocityNet(1, 2, cfg.policy(), root.split());
        FlowPolicy policy = new FlowPolicy(pretrained, cfg.policy().denoisingSteps());
        new FlowPretrainer(policy, cfg.policy(), cfg.pretrain(), root.split())
                .run(BanditDemonstrations.sample(4096, root.split()), root.split(), null);
    }

    /** Mean reward, share of samples in the left mode, mean within-mode standard deviation. */
    record Cloud(double meanReward, double leftShare, double spread) {}

    static Cloud fineTune(String kernel) {
        RldtConfig c = cfg.withTransport(cfg.transport().withKernel(kernel));
        Rng rng = new Rng(2);
        VelocityNet net = new VelocityNet(1, 2, c.policy(), new Rng(0));
        net.copyFrom(pretrained);
        FlowPolicy policy = new FlowPolicy(net, c.policy().denoisingSteps());
        RldtAgent agent = new RldtAgent(c, policy, new float[] {-3, -3}, new float[] {3, 3}, rng.split());
        KnownRewardCritic exact = new KnownRewardCritic((s, a, g) -> {
            double[] gd = new double[2];
            BimodalBandit.rewardGradient(new double[] {a[0], a[1]}, gd);
            g[0] = (float) gd[0];
            g[1] = (float) gd[1];
        });
        Tensor states = Tensor.zeros(32, 1);
        for (int step = 0; step < ACTOR_STEPS; step++) {
            agent.actorStep(states, exact, rng);
            if (step % 10 == 9) agent.endIteration(); // the trust-region reference moves every 10 steps
        }
        return measure(policy, rng);
    }

    static Cloud measure(FlowPolicy policy, Rng rng) {
        Tensor a = policy.act(Tensor.zeros(SAMPLES, 1), rng, false);
        double reward = 0;
        double[] n = new double[2], sx = new double[2], sy = new double[2], sq = new double[2];
        for (int i = 0; i < SAMPLES; i++) {
            double x = a.data()[2 * i], y = a.data()[2 * i + 1];
            reward += BimodalBandit.reward(new double[] {x, y}) / SAMPLES;
            int m = x < 0 ? 0 : 1;
            n[m]++;
            sx[m] += x;
            sy[m] += y;
            sq[m] += x * x + y * y;
        }
        double spread = 0;
        for (int m = 0; m < 2; m++) {
            double mx = sx[m] / n[m], my = sy[m] / n[m];
            spread += Math.sqrt(Math.max(0, sq[m] / n[m] - mx * mx - my * my)) / 2;
        }
        return new Cloud(reward, n[0] / SAMPLES, spread);
    }

    @Test
    void rbf_moves_both_modes_onto_the_peaks_and_delta_collapses_the_spread() {
        Cloud before = measure(new FlowPolicy(pretrained, cfg.policy().denoisingSteps()), new Rng(3));
        Cloud rbf = fineTune("rbf");
        Cloud delta = fineTune("delta");
        String report = String.format("peak %.3f | pretrained reward %.3f spread %.3f | rbf reward %.3f left %.3f "
                        + "spread %.4f | delta reward %.3f left %.3f spread %.4f",
                BimodalBandit.peakValue(), before.meanReward(), before.spread(), rbf.meanReward(), rbf.leftShare(),
                rbf.spread(), delta.meanReward(), delta.leftShare(), delta.spread());
        System.out.println(report);
        assertTrue(before.meanReward() < 0.2 * BimodalBandit.peakValue(), "pretrained already at the peaks? " + report);
        assertTrue(rbf.meanReward() >= 0.8 * BimodalBandit.peakValue(), report);
        assertTrue(rbf.leftShare() >= 0.3 && rbf.leftShare() <= 0.7, "a mode lost its mass: " + report);
        assertTrue(delta.spread() < rbf.spread(), "without repulsion the spread should collapse further: " + report);
    }
}
