package io.rldt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** GAE against hand-computed values: termination, truncation bootstrap, the iteration-end bootstrap. */
class GaeTest {
    private static final double G = 0.9, L = 0.5;

    @Test
    void one_env_with_truncation_termination_and_iteration_end() {
        // T = 5, E = 1: step 1 truncates (bootstrap V(final obs) = 10), step 3 terminates, step 4 ends the iteration.
        float[] r = {1, 2, 3, 4, 5}, v = {0.5f, 1, 1.5f, 2, 2.5f}, next = {1, 10, 2, 99, 7};
        boolean[] term = {false, false, false, true, false}, trunc = {false, true, false, false, false};
        float[] adv = new float[5], ret = new float[5];
        Gae.compute(r, v, next, term, trunc, 5, 1, G, L, false, adv, ret);
        double d4 = 5 + G * 7 - 2.5;                 // iteration end: bootstrap, no further trace
        double d3 = 4 - 2;                           // terminated: no bootstrap
        double d2 = 3 + G * 2 - 1.5, a2 = d2 + G * L * d3;
        double d1 = 2 + G * 10 - 1;                  // truncated: bootstrap from the final observation, cut the trace
        double d0 = 1 + G * 1 - 0.5, a0 = d0 + G * L * d1;
        assertArrayEquals(new float[] {(float) a0, (float) d1, (float) a2, (float) d3, (float) d4}, adv, 1e-6f);
        for (int i = 0; i < 5; i++) assertEquals(adv[i] + v[i], ret[i], 1e-6);
    }

    @Test
    void truncation_as_terminal_drops_the_bootstrap() {
        float[] adv = new float[1], ret = new float[1];
        Gae.compute(new float[] {2}, new float[] {1}, new float[] {10}, new boolean[] {false}, new boolean[] {true},
                1, 1, G, L, true, adv, ret);
        assertEquals(1.0, adv[0], 1e-7);
    }

    @Test
    void envs_are_independent_columns() {
        // T = 2, E = 2, rows t·E + e.
        float[] r = {1, 10, 2, 20}, v = {0, 0, 0, 0}, next = {0, 0, 0, 0};
        float[] adv = new float[4], ret = new float[4];
        Gae.compute(r, v, next, new boolean[4], new boolean[4], 2, 2, 1.0, 1.0, false, adv, ret);
        assertArrayEquals(new float[] {3, 30, 2, 20}, adv);
    }

    @Test
    void running_return_scaler_divides_by_the_return_std_and_clips() {
        RunningReturnScaler s = new RunningReturnScaler(2, 0.0, 10.0);
        float[] r = {1, 3};
        s.scaleStep(r, new boolean[2]);
        // G = r (γ = 0): batch mean 2, var 1; with count 1e-4 the running variance is ≈ 1 (weights 1e-4 vs 2).
        double std = s.std();
        assertEquals(1.0, std, 1e-3);
        assertEquals(1 / std, r[0], 1e-6);
        RunningReturnScaler tight = new RunningReturnScaler(2, 0.0, 0.5);
        float[] clipped = {1, 3};
        tight.scaleStep(clipped, new boolean[2]);
        assertEquals(0.5f, clipped[0]);
        assertEquals(0.5f, clipped[1]);
        RunningReturnScaler copy = new RunningReturnScaler(2, 0.0, 10.0);
        copy.restore(s.state());
        assertArrayEquals(s.state(), copy.state());
    }
}
