package io.rldt.core.cli;

import io.rldt.core.agent.OnPolicyAgent;
import io.rldt.core.agent.OnPolicyAgents;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.train.OnPolicyTrainer;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.Seeds;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.tasks.BimodalBandit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The bimodal bandit's mode-share metric for a baseline run (as {@code rldt demo} reports for RLDT): 1500
 * training-mode samples (each method's own stochastic sampler) from the pretrained and the fine-tuned policy, their
 * mean reward and the share of samples in the left mode (x &lt; 0). Written to {@code bandit_modes.json}.
 */
final class BanditModes {
    private BanditModes() {}

    static String report(OnPolicyConfig cfg, OnPolicyTrainer trainer, Path dir, float low, float high) throws IOException {
        OnPolicyAgent before = OnPolicyAgents.create(cfg, trainer.pretrained().policy(), low, high, Seeds.rng(cfg.seed(), "agent-init", 0));
        before.beginIteration(0);
        double[] b = stats(before, Seeds.rng(cfg.seed(), "bandit-modes", 0));
        double[] a = stats(trainer.agent(), Seeds.rng(cfg.seed(), "bandit-modes", 0));
        RunFiles.writeAtomically(dir.resolve("bandit_modes.json"), String.format(Locale.ROOT,
                "{\n  \"samples\": 1500,\n  \"pretrained_mean_reward\": %.6f,\n  \"pretrained_left_share\": %.4f,\n"
                        + "  \"final_mean_reward\": %.6f,\n  \"final_left_share\": %.4f,\n  \"peak_reward\": %.6f\n}\n",
                b[0], b[1], a[0], a[1], BimodalBandit.peakValue()));
        return String.format(Locale.ROOT, "bandit (%s): mean reward %.3f -> %.3f (peak %.3f); left-mode share %.2f -> %.2f",
                cfg.algo(), b[0], a[0], BimodalBandit.peakValue(), b[1], a[1]);
    }

    /** [mean reward, left share] of 1500 samples. */
    private static double[] stats(OnPolicyAgent agent, Rng rng) {
        int n = 1500;
        float[] x = agent.act(Tensor.zeros(n, 1), rng).actions().data();
        double reward = 0, left = 0;
        for (int i = 0; i < n; i++) {
            reward += BimodalBandit.reward(new double[] {x[2 * i], x[2 * i + 1]}) / n;
            if (x[2 * i] < 0) left++;
        }
        return new double[] {reward, left / n};
    }
}
