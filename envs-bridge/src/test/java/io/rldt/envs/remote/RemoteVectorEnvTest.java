package io.rldt.envs.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.envs.Box;
import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Test;

/** Batched stepping and same-step autoreset, checked against single envs and the Python oracle. */
class RemoteVectorEnvTest {
    static final int N = 3;

    @Test
    void batchedStepsEqualIndependentRollouts() {
        try (RemoteVectorEnv venv = RemoteVectorEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"), N)) {
            assertEquals(N, venv.numEnvs());
            assertEquals(Box.uniform(1, -1, 1), venv.actionSpace());
            double[][] obs = venv.reset(100).observations();
            double[][][] oracle = new double[N][][];
            for (int i = 0; i < N; i++) {
                oracle[i] = PythonSupport.pythonRollout(100 + i, RemoteEnvTest.ACTIONS);
                assertArrayEquals(oracle[i][0], obs[i], 0.0, "reset of env " + i);
            }
            for (int t = 0; t < RemoteEnvTest.ACTIONS.length; t++) {
                double[][] actions = new double[N][];
                for (int i = 0; i < N; i++) actions[i] = new double[] {RemoteEnvTest.ACTIONS[t]};
                VectorStepResult r = venv.step(actions);
                for (int i = 0; i < N; i++) {
                    double[] row = oracle[i][t + 1];
                    assertArrayEquals(new double[] {row[0], row[1]}, r.observations()[i], 0.0, "env " + i + " step " + t);
                    assertEquals(row[2], r.rewards()[i], 0.0);
                    assertFalse(r.done(i));
                    assertEquals((long) t + 1, r.infos().get(i).get("t"));
                }
            }
        }
    }

    @Test
    void endedEpisodesAutoresetInTheSameStep() {
        RemoteEnvConfig config = PythonSupport.config("rldt_test_envs:point_mass").withKwargsJson("{\"horizon\": 2}");
        try (RemoteVectorEnv venv = RemoteVectorEnv.launch(config, N);
             RemoteEnv single = RemoteEnv.launch(config)) {
            venv.reset(new long[] {5, 6, 7});
            double[][] actions = {{0.3}, {0.3}, {0.3}};
            assertFalse(venv.step(actions).done(0));
            VectorStepResult end = venv.step(actions);
            for (int i = 0; i < N; i++) {
                single.reset(5 + i);
                single.step(actions[i]);
                StepResult last = single.step(actions[i]);
                assertTrue(end.truncated()[i]);
                assertFalse(end.terminated()[i]);
                assertArrayEquals(last.observation(), end.finalObservations()[i], 0.0, "final observation of env " + i);
                assertEquals(last.reward(), end.rewards()[i], 0.0);
                assertEquals(2L, end.infos().get(i).get("t"), "info is the ended episode's last step");
                // The autoreset continues env i's stream, like an unseeded reset of the single env.
                assertArrayEquals(single.reset().observation(), end.observations()[i], 0.0, "autoreset of env " + i);
            }
            VectorStepResult next = venv.step(actions);
            for (int i = 0; i < N; i++) assertNull(next.finalObservations()[i]);
            assertEquals(1L, next.infos().get(0).get("t"));
        }
    }

    @Test
    void shapeErrorsAreCaughtInJava() {
        try (RemoteVectorEnv venv = RemoteVectorEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"), 2)) {
            venv.reset();
            assertThrows(IllegalArgumentException.class, () -> venv.step(new double[][] {{0}}));
            assertThrows(IllegalArgumentException.class, () -> venv.step(new double[][] {{0}, {0, 1}}));
            assertThrows(IllegalArgumentException.class, () -> venv.reset(new long[] {1}));
            assertEquals(2, venv.step(new double[][] {{0}, {0}}).numEnvs());
        }
    }
}
