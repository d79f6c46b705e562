package io.rldt.envs.vector;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.ScriptedEnv;
import io.rldt.envs.StepResult;
import io.rldt.envs.tasks.BimodalBandit;
import io.rldt.envs.tasks.MountainCarContinuous;
import io.rldt.envs.tasks.Pendulum;
import io.rldt.envs.wrappers.EpisodeStatistics;
import io.rldt.envs.wrappers.TimeLimit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class VectorEnvTest {

    /** Everything a run produced, flattened, so runs can be compared exactly. */
    private static List<String> run(int poolSize) {
        List<String> trace = new ArrayList<>();
        // different limits per index so autoresets happen at different steps in different envs
        try (VectorEnv venv = new VectorEnv(5, i -> new TimeLimit(new Pendulum(), 4 + i), poolSize)) {
            trace.add(Arrays.deepToString(venv.reset(2024)));
            SplittableRandom actions = new SplittableRandom(7);
            for (int t = 0; t < 25; t++) {
                double[][] a = new double[5][1];
                for (double[] row : a) row[0] = -2 + 4 * actions.nextDouble();
                VectorStep s = venv.step(a);
                trace.add(Arrays.deepToString(s.observations()) + Arrays.toString(s.rewards())
                        + Arrays.toString(s.terminated()) + Arrays.toString(s.truncated())
                        + Arrays.deepToString(s.finalObservations()));
            }
            trace.add(Arrays.deepToString(venv.reset())); // continuing the streams is deterministic too
        }
        return trace;
    }

    @Test
    void identicalResultsForPoolSizesOneTwoThree() {
        List<String> one = run(1);
        assertEquals(one, run(2));
        assertEquals(one, run(3));
        assertEquals(one, run(8)); // capped at N
        assertTrue(one.stream().anyMatch(s -> s.contains("true")), "the run should include autoresets");
    }

    @Test
    void seedsAreSplitInIndexOrder() {
        try (VectorEnv venv = VectorEnv.of(3, Pendulum::new, 2)) {
            double[][] obs = venv.reset(99);
            SplittableRandom master = new SplittableRandom(99);
            for (int i = 0; i < 3; i++) {
                long seed = master.split().nextLong();
                assertArrayEquals(new Pendulum().reset(seed).observation(), obs[i], 0.0, "env " + i);
            }
            assertFalse(Arrays.equals(obs[0], obs[1]));
            assertArrayEquals(obs[2], venv.reset(99)[2], 0.0);
        }
    }

    @Test
    void sameStepAutoresetKeepsTheFinalObservation() {
        int n = 2;
        try (VectorEnv venv = new VectorEnv(n, i -> new TimeLimit(new Pendulum(), 3), 2)) {
            venv.reset(5);
            SplittableRandom master = new SplittableRandom(5);
            Pendulum[] reference = new Pendulum[n];
            SplittableRandom[] streams = new SplittableRandom[n];
            for (int i = 0; i < n; i++) {
                streams[i] = master.split();
                reference[i] = new Pendulum();
                reference[i].reset(streams[i].nextLong());
            }
            double[][] a = {{0.5}, {-1.0}};
            VectorStep s = null;
            for (int t = 0; t < 3; t++) {
                s = venv.step(a);
                if (t < 2) {
                    assertNull(s.finalObservations()[0]);
                    assertFalse(s.done(0));
                    assertSame(s.observations()[0], s.nextObservation(0));
                }
            }
            for (int i = 0; i < n; i++) {
                StepResult last = null;
                for (int t = 0; t < 3; t++) last = reference[i].step(a[i]);
                assertTrue(s.truncated()[i] && !s.terminated()[i]);
                assertArrayEquals(last.observation(), s.finalObservations()[i], 0.0);
                assertSame(s.finalObservations()[i], s.nextObservation(i));
                assertEquals(last.reward(), s.rewards()[i], 0.0);
                ResetResult next = reference[i].reset(streams[i].nextLong());
                assertArrayEquals(next.observation(), s.observations()[i], 0.0);
            }
            assertFalse(venv.step(a).done(0)); // the new episode runs
        }
    }

    @Test
    void terminatedEpisodesAutoresetWithInfos() {
        try (VectorEnv venv = VectorEnv.of(3, () -> new EpisodeStatistics(new BimodalBandit()), 1)) {
            venv.reset(0);
            double[][] a = {{1, 0.5}, {-1, 0.5}, {0, 0}};
            VectorStep s = venv.step(a);
            for (int i = 0; i < 3; i++) {
                assertTrue(s.terminated()[i]);
                assertEquals(BimodalBandit.reward(a[i]), s.rewards()[i], 0.0);
                assertArrayEquals(new double[] {0}, s.finalObservations()[i], 0.0);
                assertEquals(new EpisodeStatistics.Episode(s.rewards()[i], 1), s.infos().get(i).get(EpisodeStatistics.INFO_KEY));
            }
            assertEquals(3, s.size());
            venv.step(a); // autoreset made stepping legal again
        }
    }

    @Test
    void misuse() {
        ScriptedEnv[] made = new ScriptedEnv[2];
        VectorEnv venv = new VectorEnv(2, i -> made[i] = new ScriptedEnv(0), 2);
        assertEquals(new Box(new double[] {-1, -1}, new double[] {1, 1}), venv.singleActionSpace());
        IllegalStateException before = assertThrows(IllegalStateException.class, () -> venv.step(new double[2][2]));
        assertTrue(before.getMessage().contains("before reset"));
        venv.reset(0);
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> venv.step(new double[3][2]));
        assertTrue(rows.getMessage().contains("actions has 3 rows, expected numEnvs = 2"), rows.getMessage());
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class, () -> venv.step(new double[][] {{0, 0}, {0}}));
        assertTrue(cols.getMessage().contains("actions[1] has length 1, expected 2"), cols.getMessage());
        venv.step(new double[2][2]);
        venv.close();
        assertTrue(made[0].closed && made[1].closed);
        assertThrows(IllegalStateException.class, () -> venv.reset(0));
        venv.close(); // idempotent

        assertThrows(IllegalArgumentException.class, () -> new VectorEnv(2, i -> i == 0 ? new Pendulum() : new MountainCarContinuous(), 1));
        assertThrows(IllegalArgumentException.class, () -> VectorEnv.of(0, Pendulum::new, 1));
        assertThrows(IllegalArgumentException.class, () -> VectorEnv.of(1, Pendulum::new, 0));
    }

    @Test
    void anEnvFailureIsRethrownAndRequiresReset() {
        class Failing extends ScriptedEnv {
            boolean fail;
            Failing() { super(0); }
            @Override public StepResult step(double[] action) {
                if (fail) throw new IllegalStateException("simulation diverged");
                return super.step(action);
            }
        }
        Failing[] made = new Failing[3];
        try (VectorEnv venv = new VectorEnv(3, i -> made[i] = new Failing(), 3)) {
            venv.reset(1);
            made[2].fail = true; // in a helper thread's block
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> venv.step(new double[3][2]));
            assertEquals("simulation diverged", e.getMessage());
            made[2].fail = false;
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> venv.step(new double[3][2]));
            assertTrue(again.getMessage().contains("call reset() first"));
            venv.reset();
            venv.step(new double[3][2]);
        }
    }

    @Test
    void envsAreStillSingleEnvs() {
        try (VectorEnv venv = VectorEnv.of(2, Pendulum::new, 1)) {
            Env e = venv.env(1);
            assertInstanceOf(Pendulum.class, e);
            assertEquals(2, venv.numEnvs());
            assertEquals(1, venv.poolSize());
            assertEquals(3, venv.singleObservationSpace().dim());
        }
    }
}
