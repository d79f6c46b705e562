package io.rldt.envs.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.envs.Box;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Test;

/** A real server hosting the numpy point mass of {@code src/test/python/rldt_test_envs.py}. */
class RemoteEnvTest {
    /** Exact in float32 too, so the float32-action env matches the same oracle; 2.0 checks clipping. */
    static final double[] ACTIONS = {0.5, -0.25, 2.0, 1.0, -1.0, 0.125};

    /** Every value the JVM receives equals, bit for bit, what the same env produces in-process in Python. */
    static void assertMatchesOracle(RemoteEnv env, long seed) {
        double[][] oracle = PythonSupport.pythonRollout(seed, ACTIONS);
        assertArrayEquals(oracle[0], env.reset(seed).observation(), 0.0, "reset observation");
        for (int t = 0; t < ACTIONS.length; t++) {
            StepResult r = env.step(new double[] {ACTIONS[t]});
            double[] row = oracle[t + 1];
            assertArrayEquals(new double[] {row[0], row[1]}, r.observation(), 0.0, "observation at step " + t);
            assertEquals(row[2], r.reward(), 0.0, "reward at step " + t);
            assertEquals(row[3] != 0, r.terminated());
            assertEquals(row[4] != 0, r.truncated());
        }
    }

    @Test
    void resetAndStepMatchPythonExactly() {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"))) {
            assertMatchesOracle(env, 7);
        }
    }

    @Test
    void spacesComeFromThePythonEnv() {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"))) {
            assertEquals(Box.uniform(2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), env.observationSpace());
            assertEquals(Box.uniform(1, -1, 1), env.actionSpace());
        }
    }

    @Test
    void seedsReproduceAndUnseededResetsContinueTheStream() {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"))) {
            ResetResult a = env.reset(42);
            double[] next = env.reset().observation();
            assertArrayEquals(a.observation(), env.reset(42).observation(), 0.0);
            assertArrayEquals(next, env.reset().observation(), 0.0);
            assertNotEquals(a.observation()[0], next[0]);
            assertEquals(true, a.info().get("seeded"));
            // Negative longs travel as unsigned 64-bit seeds, which numpy accepts.
            assertEquals(2, env.reset(-1L).observation().length);
        }
    }

    @Test
    void scalarInfosArriveTypedAndOthersAreDropped() {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"))) {
            env.reset(3);
            StepResult r = env.step(new double[] {0.0});
            assertEquals(1L, r.info().get("t"));
            assertTrue(r.info().get("success") instanceof Boolean);
            assertEquals(r.observation()[0], (Double) r.info().get("x"), 0.0);
            assertFalse(r.info().containsKey("name"), "string infos are not carried");
        }
    }

    @Test
    void kwargsReachTheFactory() {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:point_mass").withKwargsJson("{\"horizon\": 2}"))) {
            env.reset(0);
            assertFalse(env.step(new double[] {0}).truncated());
            StepResult last = env.step(new double[] {0});
            assertTrue(last.truncated());
            assertFalse(last.terminated());
        }
    }

    @Test
    void printingEnvDoesNotCorruptTheProtocol() {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:chatty"))) {
            assertMatchesOracle(env, 11);
        }
    }

    @Test
    void pythonExceptionIsReportedAndTheEnvStaysUsable() {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:raising"))) {
            env.reset(0);
            RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> env.step(new double[] {0.9}));
            assertTrue(e.getMessage().contains("ValueError: action too large for Raising"), e.getMessage());
            assertEquals(2, env.step(new double[] {0.1}).observation().length);
        }
    }

    @Test
    void failingFactoryFailsTheLaunchWithTheTraceback() {
        RemoteEnvConfig broken = PythonSupport.config("rldt_test_envs:broken");
        RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> RemoteEnv.launch(broken));
        assertTrue(e.getMessage().contains("RuntimeError: broken factory"), e.getMessage());
        RemoteEnvException missing = assertThrows(RemoteEnvException.class,
                () -> RemoteEnv.launch(broken.withSpec("no_such_module:make")));
        assertTrue(missing.getMessage().contains("No module named 'no_such_module'"), missing.getMessage());
    }

    @Test
    void wrongActionLengthIsRejectedBeforeSending() {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"))) {
            env.reset(0);
            assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0, 0}));
            assertEquals(2, env.step(new double[] {0}).observation().length);
        }
    }

    @Test
    void closeStopsTheServerAndIsIdempotent() throws Exception {
        RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"));
        ProcessHandle server = env.serverProcess().orElseThrow();
        env.reset(0);
        env.close();
        env.close();
        server.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(server.isAlive());
        assertThrows(IllegalStateException.class, () -> env.reset(0));
    }

    /** The gymnasium route, with a stub gymnasium: ids (even "pkg:Env-v0") go to gymnasium.make. */
    @Test
    void gymnasiumIdsGoToGymnasiumMake() {
        RemoteEnvConfig stub = PythonSupport.config("rldt_test:Float32PointMass-v0")
                .withPythonPath(PythonSupport.TEST_PYTHON, PythonSupport.TEST_PYTHON.resolve("fake_gymnasium"));
        try (RemoteEnv env = RemoteEnv.launch(stub)) {
            assertMatchesOracle(env, 5);  // float32 actions: the oracle's actions are exact in float32
        }
        try (RemoteEnv env = RemoteEnv.launch(stub.withSpec("LegacyPointMass-v0").withKwargsJson("{\"horizon\": 1}"))) {
            assertEquals(2, env.reset(1).observation().length);
            StepResult r = env.step(new double[] {0.2});
            assertTrue(r.truncated(), "TimeLimit.truncated maps to truncated");
            assertFalse(r.terminated());
        }
    }
}
