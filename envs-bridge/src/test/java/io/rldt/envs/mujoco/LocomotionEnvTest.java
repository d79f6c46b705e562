package io.rldt.envs.mujoco;

import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour shared by the three locomotion envs: spaces, determinism, no clipping, broken steps, closing. */
@Tag("mujoco")
@RequiresMujoco
class LocomotionEnvTest {

    static MujocoLocomotionEnv make(String id) {
        MujocoTestSupport.assumeMujoco();
        return (MujocoLocomotionEnv) MujocoEnvs.registrations().get(id).factory().get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"})
    void spacesAndTiming(String id) {
        int[] dims = switch (id) {
            case "Hopper-v4" -> new int[] {11, 3};
            default -> new int[] {17, 6};
        };
        try (MujocoLocomotionEnv env = make(id)) {
            assertEquals(dims[0], env.observationSpace().dim());
            assertEquals(dims[1], env.actionSpace().dim());
            for (int i = 0; i < dims[1]; i++) {
                assertEquals(-1.0, env.actionSpace().low(i));
                assertEquals(1.0, env.actionSpace().high(i));
            }
            assertEquals(id.startsWith("HalfCheetah") ? 0.05 : 0.008, env.dt(), 1e-15);
            assertEquals(dims[0], env.reset(0).observation().length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"})
    void resetWithSeedIsDeterministic(String id) {
        try (MujocoLocomotionEnv a = make(id); MujocoLocomotionEnv b = make(id)) {
            double[][] runA = rollout(a, 7, 50), runB = rollout(b, 7, 50);
            for (int t = 0; t < runA.length; t++) assertArrayEquals(runA[t], runB[t], 0.0, "step " + t);
            assertArrayEquals(rollout(a, 7, 1)[0], runA[0], 0.0, "same env, same seed again");
            assertFalse(Arrays.equals(rollout(a, 8, 1)[0], runA[0]), "another seed");
            ResetResult first = a.reset(3);
            assertFalse(Arrays.equals(first.observation(), a.reset().observation()), "reset() continues the stream");
        }
    }

    /** Observation after each of {@code steps} fixed pseudo-random actions (row 0 is the reset observation). */
    private static double[][] rollout(Env env, long seed, int steps) {
        double[][] out = new double[steps + 1][];
        out[0] = env.reset(seed).observation();
        SplittableRandom rng = new SplittableRandom(1234);
        double[] a = new double[env.actionSpace().dim()];
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble(-1, 1);
            StepResult r = env.step(a);
            out[t] = r.observation();
            if (r.done()) return Arrays.copyOf(out, t + 1);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"})
    void actionsAreNotClippedButCostTheirRawValue(String id) {
        try (MujocoLocomotionEnv a = make(id); MujocoLocomotionEnv b = make(id)) {
            a.reset(5);
            b.reset(5);
            int nu = a.actionSpace().dim();
            double[] big = new double[nu], one = new double[nu];
            Arrays.fill(big, 5.0);
            Arrays.fill(one, 1.0);
            StepResult ra = a.step(big), rb = b.step(one);
            assertArrayEquals(rb.observation(), ra.observation(), 0.0, "MuJoCo clamps the effective control");
            assertEquals(5.0, a.data.ctrl(0), "d->ctrl keeps the raw action");
            double w = a.params().ctrlCostWeight();
            assertEquals(rb.reward() - ra.reward(), w * nu * (25 - 1), 1e-9);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"})
    void nanActionBreaksTheEpisodeWithoutCrashing(String id) {
        try (MujocoLocomotionEnv env = make(id)) {
            double[] obs = env.reset(1).observation();
            double[] a = new double[env.actionSpace().dim()];
            a[0] = Double.NaN;
            StepResult r = env.step(a);
            assertTrue(r.truncated());
            assertFalse(r.terminated());
            assertEquals(true, r.info().get("broken"));
            assertEquals(0.0, r.reward());
            assertArrayEquals(obs, r.observation(), 0.0, "the previous observation, not the teleported state");
            assertThrows(IllegalStateException.class, () -> env.step(new double[a.length]));
            env.reset(1);
            StepResult ok = env.step(new double[a.length]);
            assertFalse(ok.truncated());
            assertFalse(ok.info().containsKey("broken"));
            a[0] = Double.POSITIVE_INFINITY;
            env.reset(1);
            assertTrue(env.step(a).truncated(), "an infinite action breaks the episode too");
        }
    }

    @Test
    void wrongActionLengthAndUseAfterClose() {
        MujocoLocomotionEnv env = make("Hopper-v4");
        env.reset(0);
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[2]));
        env.close();
        assertDoesNotThrow(env::close, "close is idempotent");
        assertThrows(IllegalStateException.class, () -> env.step(new double[3]));
    }

    @Test
    void registrationsCarryTheTimeLimit() {
        var regs = MujocoEnvs.registrations();
        assertEquals(java.util.List.of("Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"), java.util.List.copyOf(regs.keySet()));
        regs.values().forEach(r -> assertEquals(1000, r.maxEpisodeSteps()));
    }

    @Test
    void envsMoveBetweenThreads() throws Exception {
        try (MujocoLocomotionEnv env = make("HalfCheetah-v4")) {
            env.reset(0);
            Thread t = Thread.ofPlatform().start(() -> env.step(new double[6]));
            t.join();
            assertEquals(env.observationSpace().dim(), env.step(new double[6]).observation().length);
        }
    }
}
