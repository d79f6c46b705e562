package io.rldt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** GAE (termination, truncation bootstrap, the iteration-end bootstrap) and the running return scaler against hand-computed values. */
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
    void running_return_scaler_folds_the_whole_iteration_in_then_scales_every_step() {
        // T = 2, E = 2, γ = 0.5, rows t·E + e; env 1's episode ends at t = 0, so its G restarts at t = 1.
        RunningReturnScaler s = new RunningReturnScaler(2, 0.5, 10.0);
        float[] r = {1, 2, 3, 4};
        s.scaleIteration(r, new boolean[] {false, true, false, false}, 2);
        // G: env 0: 1, 3 + 0.5·1 = 3.5; env 1: 2, then 4 (restarted). Mean 2.625, np.var 1.421875 (n = 4).
        // Running stats from count 1e-4, mean 0, var 1: N = 4.0001, δ = 2.625,
        // var = (1·1e-4 + 1.421875·4 + 2.625²·1e-4·4/N) / (N − 1) (the reference's RunningMeanStd divides by N − 1).
        double n = 4.0001, var = (1e-4 + 1.421875 * 4 + 2.625 * 2.625 * 1e-4 * 4 / n) / (n - 1), std = Math.sqrt(var + 1e-8);
        assertEquals(std, s.std(), 1e-12);
        assertEquals(1.8960331473197123, var, 1e-12, "the same case through a numpy transcription of the reference");
        // Every step, the first included, is divided by the std after the whole iteration was folded in.
        assertArrayEquals(new float[] {(float) (1 / std), (float) (2 / std), (float) (3 / std), (float) (4 / std)}, r, 1e-6f);
        assertArrayEquals(new double[] {n, 2.625 * 4 / n, var, 3.5, 4}, s.state(), 1e-12, "G carried to the next iteration");

        // The next iteration continues both G's and folds 2 more values into the same statistics.
        float[] r2 = {2, 0};
        s.scaleIteration(r2, new boolean[2], 1);
        double g0 = 0.5 * 3.5 + 2, g1 = 0.5 * 4, m = (g0 + g1) / 2, v = ((g0 - m) * (g0 - m) + (g1 - m) * (g1 - m)) / 2;
        double mean1 = 2.625 * 4 / n, d = m - mean1, n2 = n + 2;
        double var2 = (var * n + v * 2 + d * d * n * 2 / n2) / (n2 - 1);
        assertEquals(Math.sqrt(var2 + 1e-8), s.std(), 1e-12);
        assertEquals(1.356375025577556, s.std(), 1e-12, "numpy transcription");
        assertEquals((float) (2 / Math.sqrt(var2 + 1e-8)), r2[0], 1e-6f);

        RunningReturnScaler tight = new RunningReturnScaler(2, 0.0, 0.5);
        float[] clipped = {1, 3};
        tight.scaleIteration(clipped, new boolean[2], 1);
        assertEquals(0.5f, clipped[0]);
        assertEquals(0.5f, clipped[1]);
        RunningReturnScaler copy = new RunningReturnScaler(2, 0.0, 10.0);
        copy.restore(s.state());
        assertArrayEquals(s.state(), copy.state());
    }
}
