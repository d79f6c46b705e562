package io.rldt.envs.tasks;

import io.rldt.envs.EnvChecker;
import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** MountainCarContinuous-v0 transitions computed by hand from envs-spec.md §6. */
class MountainCarContinuousTest {

    private static MountainCarContinuous at(double x, double v) {
        MountainCarContinuous env = new MountainCarContinuous();
        env.reset(0);
        env.setState(x, v);
        return env;
    }

    private static boolean isFloat(double d) { return (double) (float) d == d; }

    @Test
    void ordinaryStepStoresFloat32() {
        MountainCarContinuous env = at(-0.5, 0.0);
        StepResult r = env.step(new double[] {0.5});
        double v = 0.0 + 0.5 * 0.0015 - 0.0025 * Math.cos(-1.5);
        double x = -0.5 + v;
        assertArrayEquals(new double[] {(float) x, (float) v}, r.observation(), 0.0);
        assertArrayEquals(r.observation(), env.state(), 0.0);
        assertTrue(isFloat(r.observation()[0]) && isFloat(r.observation()[1]));
        assertNotEquals(x, r.observation()[0]); // float32 rounding actually happened
        assertEquals(-0.1 * 0.25, r.reward(), 1e-15);
        assertFalse(r.terminated());
        assertEquals(Boolean.FALSE, StepResult.success(r.info()));
    }

    @Test
    void leftWallStopsTheCar() {
        MountainCarContinuous env = at(-1.19, -0.05);
        StepResult r = env.step(new double[] {-1.0});
        // v' = −0.05 − 0.0015 − 0.0025·cos(−3.57) ≈ −0.0492 → x' = −1.239 → clipped to −1.2, v' → 0
        assertArrayEquals(new double[] {(float) -1.2, 0.0}, r.observation(), 0.0);
        assertTrue(env.observationSpace().contains(r.observation()));
        // from rest at the wall the slope beats full left thrust (0.0025·|cos(−3.6)| > 0.0015): it rolls right,
        // starting from the stored float32(−1.2)
        double x0 = (float) -1.2;
        double v = -0.0015 - 0.0025 * Math.cos(3 * x0);
        assertTrue(v > 0);
        StepResult again = env.step(new double[] {-1.0});
        assertArrayEquals(new double[] {(float) (x0 + v), (float) v}, again.observation(), 0.0);
        // moving left at the wall from the float32 position: clipped back to −1.2 and stopped
        MountainCarContinuous hit = at((float) -1.2, -0.01);
        assertArrayEquals(new double[] {(float) -1.2, 0.0}, hit.step(new double[] {-1.0}).observation(), 0.0);
    }

    @Test
    void velocityIsClipped() {
        StepResult r = at(-0.5, 0.0699).step(new double[] {1.0});
        assertEquals((float) 0.07, r.observation()[1], 0.0);
        assertEquals((float) (-0.5 + 0.07), r.observation()[0], 0.0);
    }

    @Test
    void reachingTheGoalTerminatesWithBonus() {
        MountainCarContinuous env = at(0.44, 0.02);
        StepResult r = env.step(new double[] {1.0});
        double v = 0.02 + 0.0015 - 0.0025 * Math.cos(1.32);
        assertTrue(0.44 + v >= 0.45);
        assertTrue(r.terminated());
        assertFalse(r.truncated());
        assertEquals(100 - 0.1, r.reward(), 1e-12);
        assertEquals(Boolean.TRUE, StepResult.success(r.info()), "reaching the goal is the task's success");
        assertThrows(IllegalStateException.class, () -> env.step(new double[] {0}));
        // at the goal position but moving backwards: not terminated
        StepResult back = at(0.5, -0.01).step(new double[] {0});
        assertFalse(back.terminated());
        // a stricter goal velocity
        MountainCarContinuous strict = new MountainCarContinuous(0.05);
        strict.reset(0);
        strict.setState(0.44, 0.02);
        assertFalse(strict.step(new double[] {1.0}).terminated());
    }

    @Test
    void costUsesTheUnclippedAction() {
        MountainCarContinuous a = at(-0.5, 0.0);
        MountainCarContinuous b = at(-0.5, 0.0);
        StepResult big = a.step(new double[] {3.0});
        StepResult one = b.step(new double[] {1.0});
        assertEquals(-0.9, big.reward(), 1e-15);
        assertEquals(-0.1, one.reward(), 1e-15);
        assertArrayEquals(one.observation(), big.observation(), 0.0); // same force
    }

    @Test
    void resetDistribution() {
        MountainCarContinuous env = new MountainCarContinuous();
        for (long seed = 0; seed < 200; seed++) {
            double[] obs = env.reset(seed).observation();
            assertTrue(obs[0] >= (float) -0.6 && obs[0] <= (float) -0.4, "x " + obs[0]);
            assertEquals(0.0, obs[1]);
            assertTrue(isFloat(obs[0]));
        }
        assertArrayEquals(env.reset(9).observation(), env.reset(9).observation(), 0.0);
    }

    @Test
    void illegalUse() {
        MountainCarContinuous env = new MountainCarContinuous();
        assertThrows(IllegalStateException.class, () -> env.step(new double[] {0}));
        env.reset(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[0]));
        assertTrue(e.getMessage().contains("MountainCarContinuous-v0: action has length 0, expected 1"), e.getMessage());
    }

    @Test
    void passesTheChecker() {
        EnvChecker.check(new MountainCarContinuous());
    }

    @Test
    void anEpisodeCutByTheTimeLimitIsNoSuccess() {
        try (io.rldt.envs.Env env = io.rldt.envs.EnvRegistry.make(MountainCarContinuous.ID)) {
            env.reset(3);
            StepResult r;
            do {
                r = env.step(new double[] {0.0}); // resting in the valley never reaches the goal
            } while (!r.done());
            assertTrue(r.truncated() && !r.terminated());
            assertEquals(Boolean.FALSE, StepResult.success(r.info()));
        }
        assertNull(StepResult.success(java.util.Map.of()), "no flag: the task defines no success");
        assertEquals(Boolean.TRUE, StepResult.success(java.util.Map.of(StepResult.IS_SUCCESS, 1.0)), "Gymnasium-Robotics' float");
    }
}
