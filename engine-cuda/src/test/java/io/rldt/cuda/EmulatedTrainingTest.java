package io.rldt.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.train.Trainer;
import io.rldt.core.train.TrainerCallback;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Residency;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny RLDT run on the emulated device (every primitive and named kernel in the device source, the way a GPU runs
 * them): a training iteration makes no implicit host access and runs no kernel staged, what crosses is less than one
 * copy of the training state, and the run follows the reference: its weights stay within 1e-5 of the {@code jvm}
 * run's after the whole run (the emulation computes every op as the reference does except the transcendental
 * functions of the C library, a float ulp apart, whose differences training then carries along).
 */
class EmulatedTrainingTest {
    private Backend previous;

    @AfterEach
    void restore() {
        if (previous != null) Backends.use(previous);
    }

    static RldtConfig tiny() {
        return ConfigToml.override(Presets.bandit(), List.of("loop.iterations=4", "loop.envs=16", "loop.evalEpisodes=16",
                "loop.rounds=2", "critic.stepsPerRound=3", "actor.stepsPerRound=2", "actor.trajectoryStride=2",
                "actor.startIteration=0", "pretrain.steps=40", "pretrain.batchSize=64", "policy.hidden=32",
                "critic.hidden=32", "critic.layers=2", "loop.checkpointEvery=100", "loop.bufferIterations=2",
                "loop.threads=1"));
    }

    @Test
    void an_rldt_iteration_on_the_emulated_device_stays_on_it_and_follows_the_reference(@TempDir Path tmp)
            throws IOException {
        GpuAssumptions.assumeEmulator();
        previous = Backends.use(new JvmBackend());
        new Trainer(tiny(), tmp.resolve("jvm")).run();

        ResidentBackend device = ResidentBackend.emulated(false);
        Backends.use(device);
        Residency.Counts[] counts = new Residency.Counts[1];
        List<Map<String, Long>> staged = new java.util.ArrayList<>();
        new Trainer(tiny(), tmp.resolve("device")).addCallback(new TrainerCallback() {
            @Override
            public void onIterationStart(int iteration, int total, boolean evaluation) {
                if (iteration != 3) return;
                Residency.reset();
                staged.add(device.stagedKernels());
            }

            @Override
            public void onIterationEnd(int iteration, Map<String, Double> metrics) {
                if (iteration != 3) return;
                counts[0] = Residency.counts();
                staged.add(device.stagedKernels());
            }
        }).run();

        Residency.Counts c = counts[0];
        System.out.println("[rldt on cuda-emulated] explicit " + c.explicit() + ", implicit " + c.implicit() + ", floats "
                + c.floats() + "\n" + c.explicitReport() + "staged kernels in the whole run " + device.stagedKernels() + ", pool "
                + device.poolStats());
        assertEquals(0, c.implicit(), () -> "implicit transfers in one iteration:\n" + c.sitesReport());
        // (pretraining, before the iterations, stages its loss on the dataset's host batches: not counted here)
        assertEquals(staged.get(0), staged.get(1), "named kernels that ran staged in the iteration");
        Map<String, Tensor> want = Safetensors.read(tmp.resolve("jvm/checkpoint.safetensors")).tensors();
        Map<String, Tensor> got = Safetensors.read(tmp.resolve("device/checkpoint.safetensors")).tensors();
        long stateFloats = 0, equal = 0;
        double worst = 0;
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) {
            float[] w = want.get(k).toArray(), g = got.get(k).toArray();
            stateFloats += w.length;
            for (int i = 0; i < w.length; i++) {
                if (w[i] == g[i]) equal++;
                worst = Math.max(worst, Math.abs(w[i] - g[i]) / (1 + Math.abs(w[i])));
                int i0 = i;
                assertTrue(Math.abs(w[i] - g[i]) <= 1e-5 * (1 + Math.abs(w[i])),
                        () -> k + "[" + i0 + "]: reference " + w[i0] + ", device " + g[i0]);
            }
        }
        System.out.println("[rldt on cuda-emulated] checkpoint vs jvm: " + equal + " of " + stateFloats
                + " floats equal, largest difference " + worst + " (relative to 1 + |reference|)");
        assertTrue(c.floats() < stateFloats, c.floats() + " floats moved vs " + stateFloats + " of training state");
        assertEquals(Files.readAllLines(tmp.resolve("jvm/metrics.csv")).size(),
                Files.readAllLines(tmp.resolve("device/metrics.csv")).size(), "metrics rows");
    }
}
