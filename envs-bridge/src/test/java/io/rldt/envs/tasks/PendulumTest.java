package io.rldt.envs.tasks;

import io.rldt.envs.EnvChecker;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Pendulum-v1 transitions computed by hand from envs-spec.md §5. */
class PendulumTest {
    private static final double TOL = 1e-12;

    /** A pendulum reset (so stepping is legal) and then put in the given state. */
    private static Pendulum at(double theta, double thetaDot) {
        Pendulum env = new Pendulum();
        env.reset(0);
        env.setState(theta, thetaDot);
        return env;
    }

    private static void assertObs(double theta, double thetaDot, double[] obs) {
        assertArrayEquals(new double[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot}, obs, 0.0);
    }

    @Test
    void uprightAtRestStaysPutWithZeroReward() {
        StepResult r = at(0, 0).step(new double[] {0});
        assertEquals(0.0, r.reward(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0}, r.observation(), 0.0);
        assertFalse(r.terminated());
        assertFalse(r.truncated());
    }

    @Test
    void horizontalWithTorque() {
        Pendulum env = at(Math.PI / 2, 1.0);
        StepResult r = env.step(new double[] {1.0});
        // cost from the pre-step state: (π/2)² + 0.1·1² + 0.001·1²
        assertEquals(-(Math.PI * Math.PI / 4 + 0.1 + 0.001), r.reward(), TOL);
        // θ̇' = 1 + (3·10/2·sin(π/2) + 3·1)·0.05 = 1 + 18·0.05 = 1.9; θ' = π/2 + 1.9·0.05
        assertArrayEquals(new double[] {Math.PI / 2 + 0.095, 1.9}, env.state(), TOL);
        assertObs(Math.PI / 2 + 0.095, 1.9, r.observation());
    }

    @Test
    void torqueIsClippedToTwoInDynamicsAndReward() {
        Pendulum env = at(0, 0);
        StepResult r = env.step(new double[] {5.0});
        assertEquals(-0.001 * 4, r.reward(), TOL); // u clipped to 2 before the cost
        // θ̇' = 3·2·0.05 = 0.3, θ' = 0.015
        assertArrayEquals(new double[] {0.015, 0.3}, env.state(), TOL);
        Pendulum neg = at(0, 0);
        neg.step(new double[] {-100});
        assertArrayEquals(new double[] {-0.015, -0.3}, neg.state(), TOL);
    }

    @Test
    void angularVelocityIsClippedAtEight() {
        Pendulum env = at(Math.PI / 2, 7.9);
        env.step(new double[] {2.0});
        // 7.9 + (15 + 6)·0.05 = 8.95 → 8; θ' = π/2 + 8·0.05 (θ uses the clipped θ̇')
        assertArrayEquals(new double[] {Math.PI / 2 + 0.4, 8.0}, env.state(), TOL);
        Pendulum down = at(-Math.PI / 2, -7.9);
        down.step(new double[] {-2.0});
        assertArrayEquals(new double[] {-Math.PI / 2 - 0.4, -8.0}, down.state(), TOL);
    }

    @Test
    void gravityIsAParameter() {
        Pendulum env = new Pendulum(9.81);
        env.reset(0);
        env.setState(Math.PI / 2, 0);
        env.step(new double[] {0});
        assertEquals(3 * 9.81 / 2 * 0.05, env.state()[1], TOL);
    }

    @Test
    void angleNormalizeUsesPythonModulo() {
        assertEquals(0.0, Pendulum.angleNormalize(0), 0.0);
        assertEquals(Math.PI / 2, Pendulum.angleNormalize(-3 * Math.PI / 2), 1e-15);
        assertEquals(-7 + 2 * Math.PI, Pendulum.angleNormalize(-7), 1e-15);
        assertEquals(7 - 2 * Math.PI, Pendulum.angleNormalize(7), 1e-15);
        assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI), 0.0); // ((2π) mod 2π) − π
        assertEquals(-Math.PI, Pendulum.angleNormalize(-Math.PI), 0.0);
        assertEquals(-Math.PI / 2, Pendulum.angleNormalize(-Math.PI / 2 - 20 * Math.PI), 1e-13);
        // the reward of a negative angle uses the normalised angle: θ = −3π/2 is π/2 away from upright
        StepResult r = at(-3 * Math.PI / 2, 0).step(new double[] {0});
        assertEquals(-(Math.PI * Math.PI / 4), r.reward(), 1e-12);
    }

    @Test
    void rewardBounds() {
        // worst case: θ = π (norm −π), θ̇ = ±8, |u| = 2
        StepResult worst = at(Math.PI, 8).step(new double[] {-2});
        assertEquals(-16.2736044, worst.reward(), 1e-7);
        Pendulum env = new Pendulum();
        env.reset(3);
        SplittableRandom rng = new SplittableRandom(4);
        for (int t = 0; t < 500; t++) {
            StepResult r = env.step(new double[] {-3 + 6 * rng.nextDouble()});
            assertTrue(r.reward() <= 0 && r.reward() >= -16.2736044 - 1e-9, "reward " + r.reward());
            assertTrue(env.observationSpace().contains(r.observation()));
        }
    }

    @Test
    void resetDistributionAndOptions() {
        Pendulum env = new Pendulum();
        for (long seed = 0; seed < 200; seed++) {
            double[] s = state(env, env.reset(seed));
            assertTrue(s[0] >= -Math.PI && s[0] < Math.PI && s[1] >= -1 && s[1] < 1);
        }
        env.reset(7, 0.1, 0.0);
        assertTrue(Math.abs(env.state()[0]) <= 0.1);
        assertEquals(0.0, env.state()[1], 0.0);
        // same seed, same start
        assertArrayEquals(env.reset(42).observation(), env.reset(42).observation(), 0.0);
        assertFalse(java.util.Arrays.equals(env.reset(42).observation(), env.reset(43).observation()));
    }

    private static double[] state(Pendulum env, ResetResult r) {
        assertObs(env.state()[0], env.state()[1], r.observation());
        return env.state();
    }

    @Test
    void illegalUse() {
        Pendulum env = new Pendulum();
        IllegalStateException before = assertThrows(IllegalStateException.class, () -> env.step(new double[] {0}));
        assertTrue(before.getMessage().contains("before reset"), before.getMessage());
        env.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0, 1}));
        assertTrue(e.getMessage().contains("action has length 2, expected 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.step(null));
    }

    @Test
    void passesTheChecker() {
        EnvChecker.check(new Pendulum());
    }
}
