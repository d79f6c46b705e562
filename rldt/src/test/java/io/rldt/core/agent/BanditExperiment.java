package io.rldt.core.agent;

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
import org.junit.jupiter.api.Test;

class BanditExperiment {
    @Test
    void run() {
        for (String kernel : new String[] {"rbf", "delta"}) {
        RldtConfig cfg = Presets.bandit();
        cfg = cfg.withTransport(cfg.transport().withKernel(kernel));
        Rng root = new Rng(1);
        VelocityNet net = new VelocityNet(1, 2, cfg.policy(), root.split());
        FlowPolicy policy = new FlowPolicy(net, cfg.policy().denoisingSteps());
        var demos = BanditDemonstrations.sample(4096, root.split());
        long t0 = System.nanoTime();
        double loss = new FlowPretrainer(policy, cfg.policy(), cfg.pretrain(), root.split()).run(demos, root.split(), null);
        System.out.printf("pretrain loss %.4f in %.1fs%n", loss, (System.nanoTime() - t0) / 1e9);
        report("pretrained", policy, root.split());
        RldtAgent agent = new RldtAgent(cfg, policy, new float[] {-3, -3}, new float[] {3, 3}, root.split());
        KnownRewardCritic q = new KnownRewardCritic((s, a, g) -> {
            double[] ad = {a[0], a[1]}, gd = new double[2];
            BimodalBandit.rewardGradient(ad, gd);
            g[0] = (float) gd[0];
            g[1] = (float) gd[1];
        });
        Tensor states = Tensor.zeros(64, 1);
        Rng rng = root.split();
        t0 = System.nanoTime();
        for (int step = 0; step < 400; step++) {
            var m = agent.actorStep(states, q, rng);
            if (step % 10 == 9) agent.endIteration();
            if (step % 50 == 49) {
                System.out.printf("%s step %d %s%n", kernel, step + 1, m);
                report("  ", policy, rng);
            }
        }
        System.out.printf("fine-tune %.1fs%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    static void report(String label, FlowPolicy policy, Rng rng) {
        Tensor a = policy.act(Tensor.zeros(2000, 1), rng, false);
        double r = 0, left = 0;
        double[] sx = new double[2], sy = new double[2], sxx = new double[2], syy = new double[2];
        int[] cnt = new int[2];
        for (int i = 0; i < 2000; i++) {
            double x = a.data()[2 * i], y = a.data()[2 * i + 1];
            r += BimodalBandit.reward(new double[] {x, y});
            int m = x < 0 ? 0 : 1;
            if (m == 0) left++;
            cnt[m]++; sx[m] += x; sy[m] += y; sxx[m] += x * x; syy[m] += y * y;
        }
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < 2; m++) {
            double mx = sx[m] / cnt[m], my = sy[m] / cnt[m];
            double sd = Math.sqrt(sxx[m] / cnt[m] - mx * mx + syy[m] / cnt[m] - my * my);
            sb.append(String.format(" mode%d (%.3f,%.3f) sd %.3f", m, mx, my, sd));
        }
        System.out.printf("%s reward %.3f/%.3f left %.3f%s%n", label, r / 2000, BimodalBandit.peakValue(), left / 2000, sb);
    }
}
