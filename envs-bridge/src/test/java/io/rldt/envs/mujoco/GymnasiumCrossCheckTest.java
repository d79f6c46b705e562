package io.rldt.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.GymnasiumPython;
import io.rldt.envs.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java Hopper-v4, Walker2d-v4 and HalfCheetah-v4 (MuJoCo 2.2.2 through FFM) against Gymnasium 1.3's own v4
 * envs (MuJoCo 3.14 bindings), driven by {@code src/test/python/gym_mujoco_oracle.py}: the same observation
 * layout, reward terms and termination rule from the same states, matching trajectories from one state under one
 * action sequence (up to the MuJoCo version difference), the same reset distribution, and returns of one fixed
 * policy within their standard error. Each test prints its measured numbers (docs/gymnasium.md quotes them).
 */
@Tag("mujoco")
@Tag("gymnasium")
@RequiresMujoco
class GymnasiumCrossCheckTest {
    static final String ORACLE = "gym_mujoco_oracle.py";
    static final int TRAJECTORY_STEPS = 300;

    static MujocoLocomotionEnv make(String id) {
        return switch (id) {
            case Hopper.ID -> new Hopper();
            case Walker2d.ID -> new Walker2d();
            case HalfCheetah.ID -> new HalfCheetah();
            default -> throw new IllegalArgumentException(id);
        };
    }

    /** Hopper with every geom's contact margin 0 (the 2.2.2 and 3.x contact code treat a positive margin differently). */
    static Hopper hopperWithoutMargin() {
        String xml = HopperModel.standard().toXml();
        String zero = xml.replace("margin=\"0.001\"", "margin=\"0\"");
        assertTrue(!zero.equals(xml), "the generated hopper XML has no margin=\"0.001\" to replace");
        return new Hopper(MjModelHandle.fromXml(zero), LocomotionParams.hopperDefaults(), 0L);
    }

    /** A fixed start state near qpos0: small position offsets, moderate velocities, the same for both sides. */
    static double[][] startState(MujocoLocomotionEnv env) {
        double[] qpos = env.qpos0.clone(), qvel = new double[env.state().qvel().length];
        for (int i = 0; i < qpos.length; i++) qpos[i] += 0.01 * Math.sin(i + 1);
        for (int i = 0; i < qvel.length; i++) qvel[i] = 0.1 * Math.cos(i + 1);
        return new double[][] {qpos, qvel};
    }

    static double[] action(int t, int nu) {
        double[] a = new double[nu];
        for (int i = 0; i < nu; i++) a[i] = 0.9 * Math.sin(0.05 * t * (i + 1) + i);
        return a;
    }

    static double maxAbsDiff(double[] a, double[] b, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** Java and Gymnasium from one state under one action sequence; per step the largest |obs difference|. */
    static double[] trajectoryDifferences(String id, Supplier<MujocoLocomotionEnv> java, boolean margin0) {
        String python = GymnasiumPython.mujoco();
        try (MujocoLocomotionEnv env = java.get()) {
            double[][] s = startState(env);
            int nu = env.actionSpace().dim();
            StringBuilder in = new StringBuilder(GymnasiumPython.line(s[0])).append(GymnasiumPython.line(s[1]));
            for (int t = 0; t < TRAJECTORY_STEPS; t++) in.append(GymnasiumPython.line(action(t, nu)));
            double[][] gym = GymnasiumPython.rows(python, ORACLE, in.toString(), "traj", id, margin0 ? "1" : "0",
                    Integer.toString(TRAJECTORY_STEPS));
            double[] obs0 = env.setState(s[0], s[1]);
            assertArrayEquals(gym[0], obs0, 0.0, id + ": observation of the same state");
            int d = obs0.length;
            double[] diff = new double[TRAJECTORY_STEPS];
            for (int t = 0; t < TRAJECTORY_STEPS; t++) {
                StepResult r = env.step(action(t, nu));
                double[] g = gym[t + 1];
                diff[t] = maxAbsDiff(r.observation(), g, d);
                // The reward minus its velocity term is physics-free (healthy reward − ctrl cost): equal to rounding.
                double javaRest = r.reward() - (double) r.info().get("x_velocity");
                assertEquals(g[d] - g[d + 2], javaRest, 1e-12, id + ": reward terms at step " + t);
            }
            return diff;
        }
    }

    static int firstAbove(double[] diff, double tol) {
        for (int t = 0; t < diff.length; t++) if (diff[t] > tol) return t;
        return -1;
    }

    static double max(double[] v, int from, int to) {
        double m = 0;
        for (int i = from; i < Math.min(to, v.length); i++) m = Math.max(m, v[i]);
        return m;
    }

    static void report(String what, double[] diff) {
        System.out.printf(Locale.ROOT, "%s: max |obs diff| steps 0-9 %.2e, 0-99 %.2e, 0-299 %.2e; first step above 1e-6: %d%n",
                what, max(diff, 0, 10), max(diff, 0, 100), max(diff, 0, 300), firstAbove(diff, 1e-6));
    }

    @Test
    void walker2dTrajectoryMatches() {
        double[] diff = trajectoryDifferences(Walker2d.ID, Walker2d::new, false);
        report("Walker2d-v4", diff);
        assertTrue(max(diff, 0, TRAJECTORY_STEPS) < 1e-8, "Walker2d-v4 drifted: " + max(diff, 0, TRAJECTORY_STEPS));
    }

    @Test
    void halfCheetahTrajectoryMatchesUntilChaosAmplifiesRounding() {
        double[] diff = trajectoryDifferences(HalfCheetah.ID, HalfCheetah::new, false);
        report("HalfCheetah-v4", diff);
        assertTrue(max(diff, 0, 100) < 1e-8, "HalfCheetah-v4 differs within 100 steps: " + max(diff, 0, 100));
    }

    @Test
    void hopperTrajectoryMatchesBeforeContactAndWithZeroMargin() {
        double[] diff = trajectoryDifferences(Hopper.ID, Hopper::new, false);
        report("Hopper-v4", diff);
        assertTrue(max(diff, 0, 7) < 1e-12, "Hopper-v4 differs before the first contact: " + max(diff, 0, 7));
        double[] noMargin = trajectoryDifferences(Hopper.ID, GymnasiumCrossCheckTest::hopperWithoutMargin, true);
        report("Hopper-v4 margin=0", noMargin);
        assertTrue(max(noMargin, 0, TRAJECTORY_STEPS) < 1e-8, "Hopper-v4 with margin 0 drifted: " + max(noMargin, 0, TRAJECTORY_STEPS));
    }

    /**
     * Probe states around each side of the healthy checks (low z, large pitch, huge velocities for the state
     * range and the velocity clip, out-of-range actions for the raw-action ctrl cost), one step each.
     */
    static List<double[][]> probes(MujocoLocomotionEnv env) {
        double[][] s = startState(env);
        int nu = env.actionSpace().dim();
        List<double[][]> p = new ArrayList<>();
        double[] half = new double[nu], wild = new double[nu];
        for (int i = 0; i < nu; i++) {
            half[i] = 0.5;
            wild[i] = i % 2 == 0 ? 1.5 : -2.5;
        }
        p.add(new double[][] {s[0], s[1], half});
        p.add(new double[][] {s[0], s[1], wild});
        for (double dz : new double[] {-0.6, -0.3, 0.9}) {
            double[] q = s[0].clone();
            q[1] += dz;
            p.add(new double[][] {q, s[1], half});
        }
        for (double pitch : new double[] {-1.3, -0.5, -0.25, 0.25, 0.5, 1.3}) {
            double[] q = s[0].clone();
            q[2] = pitch;
            p.add(new double[][] {q, s[1], half});
        }
        for (double v : new double[] {15, 150}) {
            double[] qv = s[1].clone();
            for (int i = 0; i < qv.length; i++) qv[i] = i % 2 == 0 ? v : -v / 3;
            p.add(new double[][] {s[0], qv, half});
        }
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Hopper.ID, Walker2d.ID, HalfCheetah.ID})
    void sameObservationLayoutRewardTermsAndTermination(String id) {
        String python = GymnasiumPython.mujoco();
        try (MujocoLocomotionEnv env = make(id)) {
            List<double[][]> probes = probes(env);
            StringBuilder in = new StringBuilder();
            for (double[][] p : probes) for (double[] row : p) in.append(GymnasiumPython.line(row));
            double[][] gym = GymnasiumPython.rows(python, ORACLE, in.toString(), "probe", id);
            int terminations = 0;
            for (int k = 0; k < probes.size(); k++) {
                double[][] p = probes.get(k);
                double[] obs0 = env.setState(p[0], p[1]);
                assertArrayEquals(gym[2 * k], obs0, 0.0, id + " probe " + k + ": observation of the same state (layout, clip)");
                StepResult r = env.step(p[2]);
                double[] g = gym[2 * k + 1];
                int d = obs0.length;
                assertEquals(g.length, d + 3, id + ": gymnasium's observation length");
                assertEquals(g[d + 1] != 0, r.terminated(), id + " probe " + k + ": terminated");
                double javaRest = r.reward() - (double) r.info().get("x_velocity");
                assertEquals(g[d] - g[d + 2], javaRest, 1e-12, id + " probe " + k + ": healthy reward − ctrl cost");
                if (r.terminated()) terminations++;
            }
            System.out.printf(Locale.ROOT, "%s: %d probe states, %d terminated on both sides%n", id, probes.size(), terminations);
            if (!id.equals(HalfCheetah.ID)) assertTrue(terminations >= 3, id + ": the probes should cross the healthy check");
        }
    }

    /** Per coordinate of (qpos − qpos0, qvel): mean and sample standard deviation over the rows. */
    static double[][] moments(List<double[]> rows) {
        int n = rows.size(), d = rows.getFirst().length;
        double[] mean = new double[d], std = new double[d];
        for (double[] r : rows) for (int i = 0; i < d; i++) mean[i] += r[i] / n;
        for (double[] r : rows) for (int i = 0; i < d; i++) std[i] += (r[i] - mean[i]) * (r[i] - mean[i]) / (n - 1);
        for (int i = 0; i < d; i++) std[i] = Math.sqrt(std[i]);
        return new double[][] {mean, std};
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Hopper.ID, Walker2d.ID, HalfCheetah.ID})
    void sameResetDistribution(String id) {
        int n = 400;
        String python = GymnasiumPython.mujoco();
        double[][] gym = GymnasiumPython.rows(python, ORACLE, "", "resets", id, Integer.toString(n), "1000");
        List<double[]> javaNoise = new ArrayList<>(), gymNoise = new ArrayList<>();
        try (MujocoLocomotionEnv env = make(id)) {
            for (int k = 0; k < n; k++) {
                env.reset(1000 + k);
                javaNoise.add(noise(env.qpos0, env.state().qpos(), env.state().qvel()));
                gymNoise.add(noise(env.qpos0, gym[2 * k], gym[2 * k + 1]));
            }
        }
        double[][] j = moments(javaNoise), g = moments(gymNoise);
        double worstMeanZ = 0, worstStdRatio = 0;
        for (int i = 0; i < j[0].length; i++) {
            double se = Math.sqrt((j[1][i] * j[1][i] + g[1][i] * g[1][i]) / n);
            double z = Math.abs(j[0][i] - g[0][i]) / se;
            double ratio = Math.abs(j[1][i] / g[1][i] - 1);
            worstMeanZ = Math.max(worstMeanZ, z);
            worstStdRatio = Math.max(worstStdRatio, ratio);
            assertTrue(z < 4.5, id + " reset coordinate " + i + ": means differ by " + z + " standard errors");
            assertTrue(ratio < 0.15, id + " reset coordinate " + i + ": std " + j[1][i] + " (Java) vs " + g[1][i] + " (Gymnasium)");
        }
        for (double[] r : javaNoise) checkSupport(id, r, nq(id));
        for (double[] r : gymNoise) checkSupport(id, r, nq(id));
        System.out.printf(Locale.ROOT, "%s: %d resets per side, largest mean gap %.2f standard errors, largest std ratio gap %.3f%n",
                id, n, worstMeanZ, worstStdRatio);
    }

    /** nq for the task: the first nq noise entries are positions. */
    static int nq(String id) { return id.equals(Hopper.ID) ? 6 : 9; }

    static double[] noise(double[] qpos0, double[] qpos, double[] qvel) {
        double[] r = new double[qpos.length + qvel.length];
        for (int i = 0; i < qpos.length; i++) r[i] = qpos[i] - qpos0[i];
        System.arraycopy(qvel, 0, r, qpos.length, qvel.length);
        return r;
    }

    /** Uniform noise stays in [−scale, scale); HalfCheetah's Gaussian velocities are unbounded. */
    static void checkSupport(String id, double[] r, int nq) {
        double scale = id.equals(HalfCheetah.ID) ? 0.1 : 0.005;
        int uniform = id.equals(HalfCheetah.ID) ? nq : r.length;
        for (int i = 0; i < uniform; i++) {
            assertTrue(r[i] >= -scale - 1e-12 && r[i] < scale + 1e-12, id + " reset noise " + i + " = " + r[i] + " outside [−" + scale + ", " + scale + ")");
        }
    }

    /** The fixed linear-tanh policy a = tanh(W obs + b) of gym_mujoco_oracle.py. */
    static double[] policy(double[] obs, int nu) {
        int d = obs.length;
        double[] a = new double[nu];
        for (int i = 0; i < nu; i++) {
            double s = 0.3 * Math.cos(i + 1);
            for (int k = 0; k < d; k++) s += 0.5 * Math.sin(1.3 * (i + 1) + 0.7 * (k + 1)) / Math.sqrt(d) * obs[k];
            a[i] = Math.tanh(s);
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Hopper.ID, Walker2d.ID, HalfCheetah.ID})
    void samePolicyGivesReturnsWithinStandardError(String id) {
        int episodes = id.equals(HalfCheetah.ID) ? 10 : 30;
        String python = GymnasiumPython.mujoco();
        double[][] gym = GymnasiumPython.rows(python, ORACLE, "", "returns", id, Integer.toString(episodes), "2000");
        double[] javaReturns = new double[episodes], gymReturns = new double[episodes];
        double javaLength = 0, gymLength = 0;
        try (Env env = EnvRegistry.make(id)) {
            int nu = env.actionSpace().dim();
            for (int k = 0; k < episodes; k++) {
                double[] obs = env.reset(2000 + k).observation();
                for (boolean done = false; !done; ) {
                    StepResult r = env.step(policy(obs, nu));
                    javaReturns[k] += r.reward();
                    javaLength++;
                    obs = r.observation();
                    done = r.done();
                }
                gymReturns[k] = gym[k][0];
                gymLength += gym[k][1];
            }
        }
        double[] j = meanAndStandardError(javaReturns), g = meanAndStandardError(gymReturns);
        double combined = Math.sqrt(j[1] * j[1] + g[1] * g[1]);
        double gap = Math.abs(j[0] - g[0]) / combined;
        System.out.printf(Locale.ROOT, "%s: %d episodes per side, return %.2f ± %.2f (Java) vs %.2f ± %.2f (Gymnasium), "
                        + "gap %.2f combined standard errors; mean length %.1f vs %.1f%n",
                id, episodes, j[0], j[1], g[0], g[1], gap, javaLength / episodes, gymLength / episodes);
        assertTrue(gap < 3, id + ": returns differ by " + gap + " combined standard errors");
    }

    static double[] meanAndStandardError(double[] v) {
        double mean = 0, var = 0;
        for (double x : v) mean += x / v.length;
        for (double x : v) var += (x - mean) * (x - mean) / (v.length - 1);
        return new double[] {mean, Math.sqrt(var / v.length)};
    }
}
