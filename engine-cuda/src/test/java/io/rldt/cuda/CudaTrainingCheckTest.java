package io.rldt.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.train.Trainer;
import io.rldt.core.train.TrainerCallback;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.Residency;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny RLDT run on the GPU in check mode: every named kernel's device version is compared with its host body on
 * the operands the run gives it, no kernel is staged, and a training iteration makes no implicit host access.
 */
@Tag("gpu")
class CudaTrainingCheckTest {
    private Backend previous;

    @AfterEach
    void restore() {
        if (previous != null) Backends.use(previous);
    }

    @Test
    void an_rldt_run_on_the_gpu_passes_the_kernel_check(@TempDir Path tmp) throws java.io.IOException {
        GpuAssumptions.assumeCuda();
        KernelCheck check = new KernelCheck(1e-5);
        ResidentBackend gpu = ResidentBackend.cuda(false).checkKernels(check);
        previous = Backends.use(gpu);
        RldtConfig cfg = ConfigToml.override(Presets.bandit(), List.of("loop.iterations=3", "loop.envs=16",
                "loop.evalEpisodes=16", "loop.rounds=2", "critic.stepsPerRound=3", "actor.stepsPerRound=2",
                "actor.trajectoryStride=2", "actor.startIteration=0", "pretrain.steps=40", "pretrain.batchSize=64",
                "policy.hidden=32", "critic.hidden=32", "critic.layers=2", "loop.checkpointEvery=100",
                "loop.bufferIterations=2", "loop.threads=1"));
        long[] implicit = {-1};
        new Trainer(cfg, tmp.resolve("gpu")).addCallback(new TrainerCallback() {
            @Override
            public void onIterationStart(int iteration, int total, boolean evaluation) {
                if (iteration == 2) Residency.reset();
            }

            @Override
            public void onIterationEnd(int iteration, Map<String, Double> metrics) {
                if (iteration == 2) implicit[0] = Residency.counts().implicit();
            }
        }).run();
        System.out.println("[cuda-device kernel check] " + check.report());
        assertEquals(Map.of(), gpu.stagedKernels(), "named kernels without a device version");
        assertEquals(0, implicit[0], "implicit transfers in a training iteration");
        assertTrue(check.checked().size() > 20, check.checked().toString());
    }
}
