package io.rldt.core.train;

import static io.rldt.core.train.DeterminismAndResumeTest.assertSameTensors;
import static io.rldt.core.train.DeterminismAndResumeTest.reproducibleMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.agent.SacAgent;
import io.rldt.core.agent.SacAgentTest;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.data.ReplayBuffer;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Residency;
import io.rldt.engine.Rng;
import io.rldt.engine.SimulatedDeviceBackend;
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
 * RLDT and SAC training on the simulated device ({@link SimulatedDeviceBackend}): tensors in off-heap memory,
 * primitives and kernels on private copies. Each run must equal the reference backend's bit for bit; one RLDT
 * training iteration makes no implicit host access and moves less than one copy of its training state; SAC updates
 * run on the strict device. The transfers are written per call site to {@code target/residency-*.txt}. The heap
 * runs recycle short-lived tensors in {@code Workspace} scopes (critic steps, target blocks, actor chunks, chain
 * steps) and the device runs do not, so the equality also shows that nothing recycled leaks into training.
 */
class SimulatedDeviceTrainingTest {
    private Backend previous;
    private boolean replaced;

    private void use(Backend b) {
        previous = Backends.use(b);
        replaced = true;
    }

    @AfterEach
    void restore() {
        if (replaced) Backends.use(previous);
        replaced = false;
    }

    /** Counts the transfers of iteration {@code measured} alone (reset when the one before it ends). */
    private static final class OneIteration implements TrainerCallback {
        private final int measured;
        Residency.Counts counts;

        OneIteration(int measured) {
            this.measured = measured;
        }

        @Override
        public void onIterationEnd(int iteration, Map<String, Double> metrics) {
            if (iteration == measured - 1) Residency.reset();
            if (iteration == measured) counts = Residency.counts();
        }
    }

    @Test
    void an_rldt_run_on_the_simulated_device_equals_the_reference_and_an_iteration_moves_nothing_implicitly(
            @TempDir Path tmp) throws IOException {
        // Checkpoints only at the end, so that the measured iteration is a training iteration and nothing else;
        // 128-wide networks, so that one copy of the weights outweighs the iteration's data and the bound below
        // tells "the weights stayed" from "the data moved".
        RldtConfig cfg = ConfigToml.override(DeterminismAndResumeTest.tiny(),
                List.of("loop.threads=1", "loop.checkpointEvery=100", "policy.hidden=128", "critic.hidden=128"));
        use(new JvmBackend());
        new Trainer(cfg, tmp.resolve("jvm")).run();
        use(new SimulatedDeviceBackend(false));
        OneIteration probe = new OneIteration(3);
        new Trainer(cfg, tmp.resolve("sim")).addCallback(probe).run();

        assertEquals(reproducibleMetrics(tmp.resolve("jvm")), reproducibleMetrics(tmp.resolve("sim")));
        assertSameTensors(tmp.resolve("jvm/checkpoint.safetensors"), tmp.resolve("sim/checkpoint.safetensors"));
        report("rldt", probe.counts);
        Residency.Counts c = probe.counts;
        assertEquals(0, c.implicit(), () -> "host accesses in one RLDT iteration:\n" + c.sitesReport());
        // What does cross is inputs (rollout observations, critic batches, host-drawn randoms, the times the
        // distinct-time embedding reads) and metrics: less than one copy of the training state (weights, targets,
        // Adam moments), which a host-side optimiser or EMA would move several times per step.
        long stateFloats = checkpointFloats(tmp.resolve("sim/checkpoint.safetensors"));
        assertTrue(c.floats() < stateFloats, c.floats() + " floats moved vs " + stateFloats + " of training state");
    }

    @Test
    void a_sac_run_on_the_simulated_device_equals_the_reference(@TempDir Path tmp) throws IOException {
        use(new JvmBackend());
        new SacTrainer(SacTrainerTest.tiny(400), tmp.resolve("jvm")).run();
        use(new SimulatedDeviceBackend(false));
        Residency.reset();
        new SacTrainer(SacTrainerTest.tiny(400), tmp.resolve("sim")).run();
        Residency.Counts c = Residency.counts();
        assertEquals(reproducibleMetrics(tmp.resolve("jvm")), reproducibleMetrics(tmp.resolve("sim")));
        assertSameTensors(tmp.resolve("jvm/checkpoint.safetensors"), tmp.resolve("sim/checkpoint.safetensors"));
        report("sac", c);
    }

    @Test
    void a_sac_update_runs_on_the_strict_device(@TempDir Path tmp) {
        // Strict: any unannounced host access in the critic, actor and temperature steps throws with its call site.
        use(new SimulatedDeviceBackend(true));
        Residency.reset();
        SacAgent agent = new SacAgent(SacAgentTest.algo(Double.NaN), SacAgentTest.O, SacAgentTest.A,
                new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new Rng(9));
        ReplayBuffer replay = SacAgentTest.filled(64, 6);
        for (long step = 1; step <= 4; step++) {
            Map<String, Double> m = agent.update(replay.sample(16, new Rng(step)), step, new Rng(100 + step));
            assertTrue(Double.isFinite(m.get("sac/critic_loss")), m.toString());
        }
        assertEquals(0, Residency.counts().implicit());
        assertTrue(agent.act(Tensor.of(new float[SacAgentTest.O], 1, SacAgentTest.O), new Rng(1), true).toArray().length
                == SacAgentTest.A);
    }

    /** Floats in a checkpoint: weights, target networks and optimiser moments of the run. */
    private static long checkpointFloats(Path file) throws IOException {
        long n = 0;
        for (var t : io.rldt.autodiff.io.Safetensors.read(file).tensors().values()) n += t.size();
        return n;
    }

    private static void report(String name, Residency.Counts c) throws IOException {
        String text = "explicit " + c.explicit() + ", implicit " + c.implicit() + ", floats " + c.floats() + "\n"
                + "implicit:\n" + c.sitesReport() + "explicit:\n" + c.explicitReport();
        System.out.println("[" + name + " on sim-device] " + text);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "residency-" + name + ".txt"), text);
    }
}
