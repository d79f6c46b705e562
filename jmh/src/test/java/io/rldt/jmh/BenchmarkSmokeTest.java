package io.rldt.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.envs.mujoco.MujocoNative;
import io.rldt.engine.Tensor;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each benchmark's setup (with its correctness check) and one op, on small parameters. */
class BenchmarkSmokeTest {
    private Backend previous;

    @BeforeEach
    void remember() {
        previous = Backends.current();
    }

    @AfterEach
    void restore() {
        Backends.use(previous);
    }

    @ParameterizedTest
    @CsvSource({"64x256x256, jvm", "256x57x512, jvm-simd-1", "256x41x256, jvm-simd-2"})
    void gemm(String shape, String backend) {
        GemmBench b = new GemmBench();
        b.shape = shape;
        b.backend = backend;
        b.setup();
        String[] p = shape.split("x");
        assertTrue(b.matmul().hasShape(Integer.parseInt(p[0]), Integer.parseInt(p[2])));
    }

    @ParameterizedTest
    @CsvSource({"velocity, 1", "critic, 2"})
    void mlp(String net, int threads) {
        MlpBench b = new MlpBench();
        b.net = net;
        b.threads = threads;
        b.setup();
        assertNotNull(b.step());
    }

    @ParameterizedTest
    @CsvSource({"8, 12, fast, 2", "16, 24, reference, 1"})
    void svgd(int particles, int dim, String impl, int threads) {
        SvgdBench b = new SvgdBench();
        b.particles = particles;
        b.dim = dim;
        b.impl = impl;
        b.threads = threads;
        b.setup();
        Tensor phi = b.field();
        assertTrue(phi.hasShape(Workloads.B, particles, dim));
        b.tearDown();
    }

    @Test
    void rldtSteps() {
        RldtStepBench b = new RldtStepBench();
        b.threads = 1;
        b.setup(); // runs one actor step and seven critic steps with their checks
        Map<String, Double> m = b.actor();
        assertEquals((double) Workloads.B, m.get("actor/states"));
        assertTrue(Double.isFinite(b.critic().loss()));
    }

    @Test
    void sacStep() {
        SacStepBench b = new SacStepBench();
        b.threads = 2;
        b.setup(); // 30 updates on a fixed batch with their checks
        Map<String, Double> m = b.sacStep(); // ends on an even step: actor and α trained too
        for (String key : new String[] {"sac/critic_loss", "sac/actor_loss", "sac/alpha_loss", "sac/alpha"}) {
            assertTrue(Double.isFinite(m.get(key)), key + " = " + m.get(key));
        }
    }

    @ParameterizedTest
    @CsvSource({"Pendulum-v1, single", "BimodalBandit-v0, single", "BimodalBandit-v0, vector8",
            "MountainCarContinuous-v0, vector8", "Hopper-v4, single"})
    void envSteps(String env, String mode) {
        if (env.endsWith("-v4") && !MujocoNative.isAvailable()) return; // the suite leaves MuJoCo out then
        EnvStepBench b = new EnvStepBench();
        b.env = env;
        b.mode = mode;
        b.setup();
        for (int i = 0; i < 300; i++) assertNotNull(b.step()); // crosses episode ends (bandit: every step)
        b.tearDown();
    }
}
