package io.rldt.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code state()} / {@code setState(qpos, qvel)}: Gymnasium's set_state, used to start two runs from one state. */
@Tag("mujoco")
@RequiresMujoco
class SetStateTest {

    @Test
    void aRestoredStateReplaysTheSameSteps() {
        try (Walker2d env = new Walker2d()) {
            env.reset(3);
            for (int t = 0; t < 5; t++) env.step(new double[] {0.3, -0.2, 0.1, 0.4, -0.5, 0.2});
            MujocoLocomotionEnv.State saved = env.state();
            double[] a = {0.5, 0.1, -0.3, 0.2, 0.0, -0.4};
            StepResult first = env.step(a);
            double[] obs = env.setState(saved.qpos(), saved.qvel());
            assertArrayEquals(saved.qpos(), env.state().qpos(), 0.0);
            assertArrayEquals(saved.qvel(), env.state().qvel(), 0.0);
            assertEquals(17, obs.length);
            StepResult again = env.step(a);
            // Not bit-identical: the constraint solver's warm start (d->qacc_warmstart) is not part of the state.
            assertArrayEquals(first.observation(), again.observation(), 1e-12);
            assertEquals(first.reward(), again.reward(), 1e-12);
        }
    }

    @Test
    void observationIsTheStatesLayout() {
        try (Hopper env = new Hopper()) {
            double[] qpos = {0.4, 1.2, 0.05, -0.1, -0.2, 0.3};
            double[] qvel = {1, 2, 3, 40, -50, 6};
            double[] obs = env.setState(qpos, qvel);
            // qpos[1:] then qvel clipped to ±10; x (qpos[0]) excluded.
            assertArrayEquals(new double[] {1.2, 0.05, -0.1, -0.2, 0.3, 1, 2, 3, 10, -10, 6}, obs, 0.0);
        }
    }

    @Test
    void wrongLengthsAndNonFiniteValuesAreRejected() {
        try (Hopper env = new Hopper()) {
            var e = assertThrows(IllegalArgumentException.class, () -> env.setState(new double[5], new double[6]));
            assertEquals("Hopper.setState: qpos has 5 entries, expected nq = 6", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> env.setState(new double[6], new double[7]));
            assertEquals("Hopper.setState: qvel has 7 entries, expected nv = 6", e.getMessage());
            double[] bad = new double[6];
            bad[2] = Double.NaN;
            e = assertThrows(IllegalArgumentException.class, () -> env.setState(new double[6], bad));
            assertEquals("Hopper.setState: qvel[2] = NaN, expected a finite value", e.getMessage());
        }
    }
}
