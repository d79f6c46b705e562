package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.io.CheckpointException;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Rng;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pretrained policy with NaN weights or statistics is refused on load, naming what is wrong. */
class PretrainedPolicyHostileTest {
    @TempDir Path tmp;

    private static PretrainedPolicy policy(RldtConfig cfg, NormalizationStats stats) {
        VelocityNet net = new VelocityNet(2, cfg.task().horizon(), cfg.policy(), new Rng(1));
        return new PretrainedPolicy(new FlowPolicy(net, cfg.policy().denoisingSteps()), stats, 0.1);
    }

    @Test
    void nanStatisticsAndWeightsAreRefused() throws IOException {
        RldtConfig cfg = Presets.bandit();
        Path f = tmp.resolve("pretrained.safetensors");
        policy(cfg, new NormalizationStats(new double[] {0, 0}, new double[] {1, Double.NaN}, new double[] {-1},
                new double[] {1}, true)).save(f, cfg.task().horizon());
        CheckpointException stats = assertThrows(CheckpointException.class, () -> PretrainedPolicy.load(f, cfg));
        assertTrue(stats.getMessage().contains("array 'obs_max': entry 1 is NaN"), stats.getMessage());

        PretrainedPolicy p = policy(cfg, new NormalizationStats(new double[] {0, 0}, new double[] {1, 1}, new double[] {-1},
                new double[] {1}, true));
        p.policy().net().parameters().get(0).value().data()[0] = Float.NaN;
        p.save(f, cfg.task().horizon());
        CheckpointException w = assertThrows(CheckpointException.class, () -> PretrainedPolicy.load(f, cfg));
        assertTrue(w.getMessage().contains("tensor 'policy.") && w.getMessage().contains("NaN at index 0"), w.getMessage());
    }
}
