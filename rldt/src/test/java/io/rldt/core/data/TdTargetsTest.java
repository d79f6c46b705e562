package io.rldt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TdTargetsTest {
    @Test
    void one_step_targets_with_lambda_zero() {
        float[] y = new float[3];
        TdTargets.compute(new float[] {1, 2, 3}, new float[] {10, 20, 30}, false, 0.5, 0.0, y, 0);
        assertArrayEquals(new float[] {1 + 5, 2 + 10, 3 + 15}, y);
    }

    @Test
    void terminal_last_step_does_not_bootstrap() {
        float[] y = new float[2];
        TdTargets.compute(new float[] {1, 2}, new float[] {10, 20}, true, 0.5, 0.0, y, 0);
        assertArrayEquals(new float[] {6, 2}, y);
    }

    @Test
    void lambda_one_is_the_monte_carlo_return_with_a_final_bootstrap() {
        float[] y = new float[3];
        TdTargets.compute(new float[] {1, 1, 1}, new float[] {100, 100, 8}, false, 0.5, 1.0, y, 0);
        // y2 = 1 + 0.5·8 = 5, y1 = 1 + 0.5·5 = 3.5, y0 = 1 + 0.5·3.5 = 2.75 (Q̄ at t < L−1 ignored)
        assertArrayEquals(new float[] {2.75f, 3.5f, 5f}, y);
    }

    @Test
    void lambda_mix_by_hand() {
        float[] y = new float[2];
        TdTargets.compute(new float[] {1, 2}, new float[] {4, 6}, false, 0.9, 0.5, y, 0);
        double y1 = 2 + 0.9 * 6;                       // last step: (1 − λ)Q̄ + λ·Q̄ = Q̄
        double y0 = 1 + 0.9 * (0.5 * 4 + 0.5 * y1);
        assertEquals(y1, y[1], 1e-5);
        assertEquals(y0, y[0], 1e-5);
    }

    @Test
    void buffer_is_a_fifo_of_iterations() {
        TrajectoryBuffer b = new TrajectoryBuffer(2);
        Trajectory t = new Trajectory(1, 1, 1, new float[2], new float[1], new float[1], false, false);
        b.push(List.of(List.of(t), List.of(t, t)));
        b.push(List.of(List.of(t)));
        b.push(List.of(List.of(t), List.of(t), List.of(t, t)));
        assertEquals(2, b.iterationsStored());
        assertEquals(4, b.size(), "groups (env rollouts) of the last two iterations");
        assertEquals(List.of(t), b.all().getFirst(), "oldest first");
        assertEquals(2, b.all().getLast().size());
        assertThrows(IllegalArgumentException.class, () -> new TrajectoryBuffer(0));
    }

    @Test
    void reward_scale_starts_at_the_first_value_then_moves_slowly() {
        RewardScaler s = new RewardScaler(true, 0.01);
        assertEquals(1.0, s.divisor());
        s.update(4.0);
        assertEquals(4.0, s.divisor(), 1e-12);
        s.update(104.0);
        assertEquals(5.0, s.divisor(), 1e-12);
        RewardScaler off = new RewardScaler(false, 0.01);
        off.update(10);
        assertEquals(1.0, off.divisor());
    }

    @Test
    void trajectory_rejects_inconsistent_arrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trajectory(2, 3, 1, new float[6], new float[2], new float[2], false, false));
        assertEquals(true, e.getMessage().contains("observations"));
    }
}
