package io.rldt.envs.wrappers;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvChecker;
import io.rldt.envs.ScriptedEnv;
import io.rldt.envs.StepResult;
import io.rldt.envs.tasks.MountainCarContinuous;
import io.rldt.envs.tasks.Pendulum;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class WrappersTest {
    private static final double[] ZERO = {0, 0};

    @Test
    void timeLimitTruncatesAndKeepsTerminal() {
        TimeLimit env = new TimeLimit(new ScriptedEnv(0), 3);
        assertThrows(IllegalStateException.class, () -> env.step(ZERO));
        env.reset(1);
        assertFalse(env.step(ZERO).done());
        assertFalse(env.step(ZERO).done());
        StepResult last = env.step(ZERO);
        assertTrue(last.truncated());
        assertFalse(last.terminated());
        assertEquals(3, env.elapsedSteps());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(ZERO));
        assertTrue(e.getMessage().contains("after the episode ended at step 3"), e.getMessage());
        env.reset();
        assertEquals(0, env.elapsedSteps());
        assertFalse(env.step(ZERO).done());

        // a terminal step exactly at the limit is terminated and truncated (Gymnasium)
        TimeLimit both = new TimeLimit(new ScriptedEnv(2), 2);
        both.reset(0);
        both.step(ZERO);
        StepResult r = both.step(ZERO);
        assertTrue(r.terminated());
        assertTrue(r.truncated());
        // terminating before the limit is not truncated
        TimeLimit early = new TimeLimit(new ScriptedEnv(1), 5);
        early.reset(0);
        StepResult t = early.step(ZERO);
        assertTrue(t.terminated());
        assertFalse(t.truncated());
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit(new ScriptedEnv(0), 0));
    }

    @Test
    void actionChunkingRunsHStepsAndSumsRewards() {
        ScriptedEnv inner = new ScriptedEnv(0);
        ActionChunking env = new ActionChunking(inner, 3);
        assertEquals(6, env.actionSpace().dim());
        assertEquals(Box.uniform(6, -1, 1), env.actionSpace());
        env.reset(0);
        StepResult r = env.step(new double[] {0.1, 0, 0.2, 0, 0.3, 0.5});
        assertEquals(0.1 + 0.2 + 0.3 + 5, r.reward(), 1e-12);
        assertEquals(3, r.info().get(ActionChunking.CHUNK_STEPS));
        assertArrayEquals(new double[] {0.1, 0.2, 5.3}, (double[]) r.info().get(ActionChunking.CHUNK_REWARDS), 1e-12);
        assertEquals(3, r.observation()[0]);
        assertEquals(3, r.info().get("t")); // the last inner info is kept
        assertArrayEquals(new double[] {0.3, 0.5}, inner.lastAction, 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[2]));
        assertTrue(e.getMessage().contains("length 2, expected 6"), e.getMessage());
    }

    @Test
    void actionChunkingStopsAtEpisodeEnd() {
        ScriptedEnv inner = new ScriptedEnv(0);
        ActionChunking env = new ActionChunking(new TimeLimit(inner, 5), 4);
        env.reset(0);
        assertEquals(4, env.step(new double[8]).info().get(ActionChunking.CHUNK_STEPS));
        StepResult r = env.step(new double[] {1, 0, 1, 0, 1, 0, 1, 0});
        assertEquals(1, r.info().get(ActionChunking.CHUNK_STEPS));
        assertEquals(1.0, r.reward(), 0.0);
        assertTrue(r.truncated());
        assertEquals(5, inner.totalSteps);

        ActionChunking term = new ActionChunking(new ScriptedEnv(2), 4);
        term.reset(0);
        StepResult t = term.step(new double[8]);
        assertTrue(t.terminated());
        assertEquals(2, t.info().get(ActionChunking.CHUNK_STEPS));
    }

    @Test
    void normalizeObservationMinMax() {
        NormalizeObservation env = new NormalizeObservation(new ScriptedEnv(0), new double[] {0, 50}, new double[] {10, 50});
        double[] obs = env.reset(0).observation();
        double start = new ScriptedEnv(0).reset(0).observation()[1];
        assertEquals(-1.0, obs[0], 1e-12); // t = 0 = min
        // min == max: (x − 50)/1e-6 — protected from division by zero, finite
        assertEquals(2 * ((start - 50) / 1e-6 - 0.5), obs[1], 1e-6);
        assertTrue(Double.isFinite(obs[1]));
        double[] o = env.step(ZERO).observation();
        assertEquals(2 * (1 / (10 + 1e-6) - 0.5), o[0], 1e-15);
        // the observation space is the inner one mapped through the same formula
        assertEquals(-1.0, env.observationSpace().low(0), 1e-12);
        assertEquals(2 * (1000 / (10 + 1e-6) - 0.5), env.observationSpace().high(0), 1e-9);
        assertThrows(IllegalArgumentException.class,
                () -> new NormalizeObservation(new ScriptedEnv(0), new double[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> new NormalizeObservation(new ScriptedEnv(0), new double[] {0, 2}, new double[] {1, 1}));
    }

    @Test
    void minMaxNormalizerRoundTrip() {
        MinMaxNormalizer n = new MinMaxNormalizer(new double[] {-2, 0, 3}, new double[] {2, 10, 3});
        double[] x = {1.5, 7, 3};
        double[] y = n.normalize(x, new double[3]);
        assertEquals(2 * (3.5 / (4 + 1e-6) - 0.5), y[0], 1e-15);
        assertEquals(-1.0, y[2], 0.0); // constant dimension at its value
        double[] back = n.unnormalize(y, new double[3]);
        assertArrayEquals(x, back, 1e-5);
        assertArrayEquals(new double[] {-2, 0, 3}, n.unnormalize(new double[] {-1, -1, -1}, new double[3]), 0.0);
        assertArrayEquals(new double[] {2, 10, 3}, n.unnormalize(new double[] {1, 1, 1}, new double[3]), 1e-15);
    }

    @Test
    void normalizeActionMapsToRawUnits() {
        ScriptedEnv inner = new ScriptedEnv(0);
        NormalizeAction env = new NormalizeAction(inner, new double[] {-0.5, 0}, new double[] {0.5, 1});
        assertEquals(Box.uniform(2, -1, 1), env.actionSpace());
        env.reset(0);
        env.step(new double[] {1, -1});
        assertArrayEquals(new double[] {0.5, 0}, inner.lastAction, 1e-15);
        env.step(new double[] {0, 0});
        assertArrayEquals(new double[] {0, 0.5}, inner.lastAction, 1e-15);
        env.step(new double[] {2, 0}); // not clipped
        assertArrayEquals(new double[] {1, 0.5}, inner.lastAction, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[3]));
    }

    @Test
    void rescaleActionMapsBoxes() {
        Pendulum pendulum = new Pendulum();
        RescaleAction env = new RescaleAction(pendulum);
        assertEquals(Box.uniform(1, -1, 1), env.actionSpace());
        assertArrayEquals(new double[] {2.0}, env.map(new double[] {1}), 0.0);
        assertArrayEquals(new double[] {-1.0}, env.map(new double[] {-0.5}), 0.0);
        assertArrayEquals(new double[] {2.0}, env.map(new double[] {3}), 0.0); // clipped by default
        RescaleAction noClip = new RescaleAction(pendulum, new Box(new double[] {0}, new double[] {4}), false);
        assertArrayEquals(new double[] {0.0}, noClip.map(new double[] {2}), 0.0);
        assertArrayEquals(new double[] {4.0}, noClip.map(new double[] {6}), 0.0);
        ScriptedEnv inner = new ScriptedEnv(0);
        RescaleAction stepping = new RescaleAction(inner, Box.uniform(2, 0, 1), true);
        stepping.reset(0);
        stepping.step(new double[] {1, 0.25});
        assertArrayEquals(new double[] {1, -0.5}, inner.lastAction, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new RescaleAction(pendulum, Box.uniform(1, 1, 1), true));
        assertThrows(IllegalArgumentException.class, () -> new RescaleAction(pendulum, Box.uniform(2, -1, 1), true));
    }

    @Test
    void episodeStatisticsReportsReturnAndLength() {
        EpisodeStatistics env = new EpisodeStatistics(new TimeLimit(new ScriptedEnv(0), 3));
        env.reset(0);
        assertNull(env.step(new double[] {0.5, 0}).info().get(EpisodeStatistics.INFO_KEY));
        env.step(new double[] {0.25, 0});
        StepResult last = env.step(new double[] {0, 1});
        assertEquals(new EpisodeStatistics.Episode(10.75, 3), last.info().get(EpisodeStatistics.INFO_KEY));
        assertEquals(3, last.info().get("t")); // inner info kept
        env.reset();
        env.step(ZERO);
        env.step(ZERO);
        assertEquals(new EpisodeStatistics.Episode(0, 3), env.step(ZERO).info().get(EpisodeStatistics.INFO_KEY));
    }

    @Test
    void wrapperPlumbing() {
        ScriptedEnv inner = new ScriptedEnv(0);
        EpisodeStatistics stack = new EpisodeStatistics(new TimeLimit(new RescaleAction(inner), 10));
        assertSame(inner, stack.unwrapped());
        assertEquals(10, stack.find(TimeLimit.class).maxEpisodeSteps());
        assertNull(stack.find(ActionChunking.class));
        assertEquals(true, stack.reset(1).info().get("reset"));
        stack.close();
        assertTrue(inner.closed);
    }

    @Test
    void wrappedTasksPassTheChecker() {
        Env env = new EpisodeStatistics(new ActionChunking(new TimeLimit(new RescaleAction(new Pendulum()), 20), 4));
        EnvChecker.check(env);
        EnvChecker.check(new NormalizeObservation(new TimeLimit(new MountainCarContinuous(), 50),
                new double[] {-1.2, -0.07}, new double[] {0.6, 0.07}));
    }
}
