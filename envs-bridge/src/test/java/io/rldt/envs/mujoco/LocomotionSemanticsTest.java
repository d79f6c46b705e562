package io.rldt.envs.mujoco;

import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-checked v4 semantics of each task: observation layout, reward terms, healthy rules, reset noise. */
@Tag("mujoco")
@RequiresMujoco
class LocomotionSemanticsTest {

    /** Recomputes obs and reward of one step from qpos/qvel read directly from mjData. */
    private static void checkStep(MujocoLocomotionEnv env, double[] a, double wc, double h, double clip) {
        double x0 = env.data.qpos(0);
        StepResult r = env.step(a);
        int nq = env.data.nq, nv = env.data.nv;
        double[] expected = new double[nq - 1 + nv];
        for (int i = 1; i < nq; i++) expected[i - 1] = env.data.qpos(i);
        for (int i = 0; i < nv; i++) expected[nq - 1 + i] = Math.max(-clip, Math.min(clip, env.data.qvel(i)));
        assertArrayEquals(expected, r.observation(), 0.0, "obs = qpos[1:] ++ clip(qvel)");
        double ctrl = 0;
        for (double v : a) ctrl += v * v;
        double forward = (env.data.qpos(0) - x0) / env.dt();
        assertEquals(forward + h - wc * ctrl, r.reward(), 1e-12, "reward = forward + healthy - ctrl");
        assertEquals(forward, (double) r.info().get("x_velocity"), 0.0);
        assertFalse(r.truncated(), "the env itself never truncates");
    }

    @Test
    void hopperStepObservationAndReward() {
        try (Hopper env = new Hopper()) {
            env.reset(11);
            checkStep(env, new double[] {0.3, -0.7, 1.4}, 1e-3, 1.0, 10);
            env.data.setQvel(3, 50); // velocities beyond 10 are clipped in the observation
            checkStep(env, new double[] {0, 0, 0}, 1e-3, 1.0, 10);
        }
    }

    @Test
    void hopperHealthyRulesAreStrict() {
        try (Hopper env = new Hopper()) {
            env.reset(0);
            assertTrue(env.isHealthy());
            env.data.setQpos(1, 0.7);
            assertFalse(env.isHealthy(), "z must exceed 0.7");
            env.data.setQpos(1, 0.70001);
            assertTrue(env.isHealthy());
            env.data.setQpos(2, 0.2);
            assertFalse(env.isHealthy(), "|angle| < 0.2");
            env.data.setQpos(2, -0.19);
            assertTrue(env.isHealthy());
            env.data.setQvel(5, 100);
            assertFalse(env.isHealthy(), "state range (-100, 100)");
            env.data.setQvel(5, 99);
            env.data.setQpos(4, -100);
            assertFalse(env.isHealthy(), "state range covers qpos[2:]");
            env.data.setQpos(4, 0);
            env.data.setQvel(0, 99.9);
            assertTrue(env.isHealthy(), "qvel[0] is in the state range, and inside it");
        }
    }

    /** The healthy reward is paid on the terminating step too (v4 quirk). */
    @Test
    void hopperPaysHealthyRewardOnTerminatingStep() {
        try (Hopper env = new Hopper()) {
            env.reset(2);
            double[] a = {1, 1, 1};
            StepResult r = null;
            for (int t = 0; t < 1000; t++) {
                r = env.step(a);
                if (r.terminated()) break;
            }
            assertTrue(r.terminated(), "full-torque hopper falls within 1000 steps");
            assertFalse(env.isHealthy());
            assertEquals(1.0, (double) r.info().get("reward_survive"));
            assertEquals((double) r.info().get("reward_forward") + 1.0 - 3e-3, r.reward(), 1e-12);
        }
    }

    @Test
    void walkerStepAndHealthyRulesWithoutStateRange() {
        try (Walker2d env = new Walker2d()) {
            env.reset(4);
            checkStep(env, new double[] {0.1, -0.2, 0.3, -0.4, 0.5, -0.6}, 1e-3, 1.0, 10);
            assertTrue(env.isHealthy());
            env.data.setQvel(4, 1e4);
            env.data.setQpos(5, 500);
            assertTrue(env.isHealthy(), "Walker2d has no state-range check");
            env.data.setQpos(1, 2.0);
            assertFalse(env.isHealthy(), "z < 2.0");
            env.data.setQpos(1, 0.8);
            assertFalse(env.isHealthy(), "z > 0.8");
            env.data.setQpos(1, 1.2);
            env.data.setQpos(2, -1.0);
            assertFalse(env.isHealthy(), "angle > -1");
            env.data.setQpos(2, 0.99);
            assertTrue(env.isHealthy());
        }
    }

    @Test
    void halfCheetahStepAndNeverTerminates() {
        try (HalfCheetah env = new HalfCheetah()) {
            env.reset(9);
            checkStep(env, new double[] {0.5, -0.5, 0.5, -0.5, 0.5, -0.5}, 0.1, 0.0, Double.POSITIVE_INFINITY);
            env.data.setQvel(2, 40);
            checkStep(env, new double[6], 0.1, 0.0, Double.POSITIVE_INFINITY);
            SplittableRandom rng = new SplittableRandom(3);
            double[] a = new double[6];
            for (int t = 0; t < 1000; t++) {
                for (int i = 0; i < 6; i++) a[i] = rng.nextDouble(-1, 1);
                StepResult r = env.step(a);
                assertFalse(r.done(), "step " + t);
            }
            env.data.setQpos(1, -5);
            env.data.setQpos(2, 3);
            assertFalse(env.step(a).terminated(), "upside down and below ground: still not terminated");
        }
    }

    @Test
    void uniformResetNoiseRanges() {
        try (Hopper hopper = new Hopper(); Walker2d walker = new Walker2d()) {
            for (MujocoLocomotionEnv env : new MujocoLocomotionEnv[] {hopper, walker}) {
                double maxQ = 0, maxV = 0;
                for (long seed = 0; seed < 200; seed++) {
                    env.reset(seed);
                    for (int i = 0; i < env.data.nq; i++) {
                        double d = env.data.qpos(i) - env.qpos0[i];
                        assertTrue(d >= -0.005 && d < 0.005 + 1e-15, "qpos noise " + d);
                        maxQ = Math.max(maxQ, Math.abs(d));
                    }
                    for (int i = 0; i < env.data.nv; i++) {
                        double v = env.data.qvel(i);
                        assertTrue(v >= -0.005 && v < 0.005, "qvel noise " + v);
                        maxV = Math.max(maxV, Math.abs(v));
                    }
                }
                assertTrue(maxQ > 0.0045 && maxV > 0.0045, "noise fills its range");
            }
        }
    }

    @Test
    void halfCheetahResetNoise() {
        try (HalfCheetah env = new HalfCheetah()) {
            double sum = 0, sumSq = 0;
            int n = 0;
            for (long seed = 0; seed < 300; seed++) {
                env.reset(seed);
                for (int i = 0; i < 9; i++) {
                    double d = env.data.qpos(i) - env.qpos0[i];
                    assertTrue(d >= -0.1 && d < 0.1 + 1e-15, "qpos noise " + d);
                    double v = env.data.qvel(i);
                    sum += v;
                    sumSq += v * v;
                    n++;
                }
            }
            double mean = sum / n, std = Math.sqrt(sumSq / n - mean * mean);
            assertEquals(0.0, mean, 0.01, "Gaussian qvel noise mean");
            assertEquals(0.1, std, 0.01, "Gaussian qvel noise std = 0.1");
        }
    }

    @Test
    void includingXGivesTwelveDimensionalHopperObservation() {
        LocomotionParams p = LocomotionParams.hopperDefaults();
        LocomotionParams withX = new LocomotionParams(p.forwardRewardWeight(), p.ctrlCostWeight(), p.healthyReward(),
                p.terminateWhenUnhealthy(), p.resetNoiseScale(), false);
        try (Hopper env = new Hopper(MjModelHandle.fromXml(HopperModel.standard().toXml()), withX, 0)) {
            double[] obs = env.reset(1).observation();
            assertEquals(12, env.observationSpace().dim());
            assertEquals(12, obs.length);
            assertEquals(env.data.qpos(0), obs[0]);
        }
    }

    @Test
    void initQposIsQpos0() {
        try (Hopper env = new Hopper()) {
            assertArrayEquals(new double[] {0, 1.25, 0, 0, 0, 0}, env.qpos0, 0.0);
        }
    }

    @Test
    void envOnReferenceFileMatchesGeneratedEnv() {
        var path = MujocoTestSupport.reference("walker2d.xml");
        try (Walker2d a = Walker2d.fromFile(path); Walker2d b = new Walker2d()) {
            assertArrayEquals(a.reset(5).observation(), b.reset(5).observation(), 0.0);
            SplittableRandom rng = new SplittableRandom(8);
            double[] act = new double[6];
            for (int t = 0; t < 200; t++) {
                for (int i = 0; i < 6; i++) act[i] = rng.nextDouble(-1, 1);
                StepResult ra = a.step(act), rb = b.step(act);
                assertArrayEquals(ra.observation(), rb.observation(), 0.0);
                assertEquals(ra.reward(), rb.reward(), 0.0);
                if (ra.terminated()) break;
            }
        }
    }
}
