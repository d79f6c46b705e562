package io.rldt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.data.RewardScaler.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three reward-divisor modes of {@code critic.rewardScale} and the demonstrations' statistic. */
class RewardScalerTest {

    /** One trajectory of {@code rewards.length} one-dimensional steps with these rewards. */
    private static Trajectory withRewards(float... rewards) {
        int n = rewards.length;
        return new Trajectory(n, 1, 1, new float[(n + 1)], new float[n], rewards, false, false);
    }

    @Test
    void ema_skips_reward_free_iterations_instead_of_pinning_the_scale_at_zero() {
        RewardScaler s = new RewardScaler(true, 0.01);
        s.observe(List.of(withRewards(0f, 0f, 0f))); // a sparse task's first iteration: no goal, no cost
        assertTrue(Double.isNaN(s.state()), "an all-zero iteration carries no scale");
        assertEquals(1.0, s.divisor());
        s.observe(List.of(withRewards(2f, -4f)));
        assertEquals(3.0, s.divisor(), 1e-12, "the first informative iteration sets the scale directly");
        s.observe(List.of(withRewards(0f)));
        assertEquals(3.0, s.divisor(), 1e-12);
        s.observe(List.of(withRewards(103f)));
        assertEquals(0.99 * 3 + 0.01 * 103, s.divisor(), 1e-12);
    }

    @Test
    void fixed_divides_by_its_value_whatever_the_rollouts() {
        RewardScaler s = new RewardScaler(true, Mode.FIXED, 0.01, 100.0);
        assertEquals(100.0, s.divisor());
        s.observe(List.of(withRewards(0.5f, 0.5f)));
        s.update(7);
        assertEquals(100.0, s.divisor(), "the rollouts do not move a fixed scale");
        assertEquals(100.0, s.state());
        assertEquals(1.0, new RewardScaler(false, Mode.FIXED, 0.01, 100.0).divisor(), "rewardScaling = false wins");
        assertThrows(IllegalStateException.class, () -> s.calibrate(3));
    }

    @Test
    void dataset_is_set_once_from_the_demonstrations_and_restored_from_checkpoints() {
        RewardScaler s = new RewardScaler(true, Mode.DATASET, 0.01, 1.0);
        assertFalse(s.calibrated());
        assertEquals(1.0, s.divisor());
        s.calibrate(0.25);
        assertTrue(s.calibrated());
        s.observe(List.of(withRewards(100f)));
        assertEquals(0.25, s.divisor(), "the rollouts do not move the demonstrations' scale");
        RewardScaler resumed = new RewardScaler(true, Mode.DATASET, 0.01, 1.0);
        resumed.restore(s.state());
        assertEquals(s.divisor(), resumed.divisor());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> s.calibrate(0.0));
        assertEquals("the demonstrations' mean |chunk reward| is 0.0, expected a finite number >= 1e-8", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.calibrate(Double.NaN));
        assertThrows(IllegalStateException.class, () -> new RewardScaler(true, 0.01).calibrate(1));
    }

    @Test
    void mean_abs_chunk_reward_cuts_episodes_into_chunks_as_rollouts_execute_them() {
        // Episode 1: 3 steps → chunks {1, −3}, {5}; episode 2: 4 steps → {−1, −1}, {0.5, 100}. H = 2.
        double[] r = {1, -3, 5, -1, -1, 0.5, 100};
        double expected = (2 + 5 + 2 + 100.5) / 4;
        assertEquals(expected, RewardScaler.meanAbsChunkReward(r, new int[] {3, 4}, 2), 1e-12);
        assertEquals((1 + 3 + 5 + 1 + 1 + 0.5 + 100) / 7.0, RewardScaler.meanAbsChunkReward(r, new int[] {3, 4}, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RewardScaler.meanAbsChunkReward(r, new int[] {3, 3}, 2));
        assertThrows(IllegalArgumentException.class, () -> RewardScaler.meanAbsChunkReward(r, new int[] {3, 4}, 0));
    }

    @Test
    void modes_parse_from_the_config_spelling() {
        assertEquals(Mode.EMA, Mode.parse("ema"));
        assertEquals(Mode.FIXED, Mode.parse("fixed"));
        assertEquals(Mode.DATASET, Mode.parse("dataset"));
        assertThrows(IllegalArgumentException.class, () -> Mode.parse("EMA"));
    }
}
