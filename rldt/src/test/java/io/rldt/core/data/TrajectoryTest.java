package io.rldt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rldt.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoryTest {
    /** L transitions with O = 2; observation i of trajectory {@code id} is (10·id + i, −(10·id + i)). */
    private static Trajectory traj(int id, int length) {
        float[] obs = new float[(length + 1) * 2];
        for (int i = 0; i <= length; i++) {
            obs[2 * i] = 10 * id + i;
            obs[2 * i + 1] = -(10 * id + i);
        }
        return new Trajectory(length, 2, 1, obs, new float[length], new float[length], false, false);
    }

    @Test
    void statesTakeEveryObservationButTheLastInOrder() {
        Tensor s = Trajectory.states(List.of(traj(1, 2), traj(2, 1), traj(3, 3)), 2);
        assertArrayEquals(new int[] {6, 2}, s.shape());
        assertArrayEquals(new float[] {10, -10, 11, -11, 20, -20, 30, -30, 31, -31, 32, -32}, s.toArray());
        assertEquals(0, Trajectory.states(List.of(), 2).dim(0));
    }

    @Test
    void aTrajectoryWithTheWrongObservationCountIsRefusedWithItsSizes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Trajectory(2, 2, 1, new float[4], new float[2], new float[2], false, false));
        assertEquals("Trajectory: observations has 4 floats, expected (L+1)·O = 6", e.getMessage());
    }
}
