package io.rldt.core.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.data.Demonstrations;
import io.rldt.core.data.NormalizationStats;
import io.rldt.envs.tasks.Pendulum;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScriptedDemonstrationsTest {
    private static final int H = 4;

    private static ScriptedDemonstrations.Collected collect(int episodes, int horizon, boolean normalize, long seed) {
        return ScriptedDemonstrations.collect(Pendulum.ID, PendulumController.mediocre(), episodes, horizon, normalize, seed);
    }

    @Test
    void same_seed_gives_identical_tensors() {
        Demonstrations a = collect(3, H, true, 7).data();
        Demonstrations b = collect(3, H, true, 7).data();
        assertArrayEquals(a.observations().data(), b.observations().data());
        assertArrayEquals(a.chunks().data(), b.chunks().data());
        assertArrayEquals(a.stats().obsMin(), b.stats().obsMin());
        assertArrayEquals(a.stats().actionMax(), b.stats().actionMax());
        Demonstrations c = collect(3, H, true, 8).data();
        assertFalse(Arrays.equals(a.observations().data(), c.observations().data()), "another seed, other data");
    }

    @Test
    void shapes_are_n_by_o_and_n_by_h_times_a() {
        ScriptedDemonstrations.Collected r = collect(3, H, false, 1);
        Demonstrations d = r.data();
        assertEquals(600, d.size(), "N = 3 episodes × 200 steps");
        assertArrayEquals(new int[] {600, 3}, d.observations().shape());
        assertArrayEquals(new int[] {600, 4}, d.chunks().shape());
        assertEquals(H, d.horizon());
        assertArrayEquals(new int[] {200, 200, 200}, r.episodeLengths());
        assertEquals(3, r.episodeReturns().length);
        assertEquals(Arrays.stream(r.episodeReturns()).average().orElseThrow(), r.meanReturn(), 1e-9);
        assertTrue(r.stdReturn() >= 0);
        assertTrue(r.summary().contains("N=600"), r.summary());
        assertArrayEquals(new int[] {600, 1}, collect(3, 1, false, 1).data().chunks().shape());
    }

    @Test
    void chunks_hold_the_next_actions_padded_with_the_last_one() {
        Demonstrations d = collect(2, H, false, 2).data();
        float[] c = d.chunks().data();
        int n = d.size();
        // Inside an episode, element h of the chunk at t is the first action of the chunk at t + h.
        for (int t = 0; t < n; t++) {
            int last = (t / 200) * 200 + 199;
            for (int h = 0; h < H; h++) {
                int src = Math.min(t + h, last);
                assertEquals(c[src * H], c[t * H + h], 0f, "t=" + t + " h=" + h);
            }
        }
        // The last step of episode 0 repeats its action H times and does not borrow episode 1's actions.
        int last0 = 199;
        for (int h = 1; h < H; h++) assertEquals(c[last0 * H], c[last0 * H + h], 0f);
        assertEquals(c[198 * H + 1], c[198 * H + 2], 0f);
        assertNotEquals(c[200 * H], c[last0 * H + 1], "no leak across episodes (noisy actions differ)");
        // Raw units: actions are legal torques; observations are Pendulum's float32 (cos, sin, θ̇).
        for (float v : c) assertTrue(v >= -2 && v <= 2, "torque " + v);
        assertFalse(d.stats().enabled());
        float[] o = d.observations().data();
        for (int i = 0; i < n; i++) {
            double r2 = (double) o[i * 3] * o[i * 3] + (double) o[i * 3 + 1] * o[i * 3 + 1];
            assertEquals(1.0, r2, 1e-5, "cos² + sin² at row " + i);
        }
    }

    @Test
    void normalisation_maps_into_unit_box_with_data_min_max() {
        Demonstrations raw = collect(3, H, false, 5).data();
        Demonstrations norm = collect(3, H, true, 5).data();
        NormalizationStats s = norm.stats();
        assertTrue(s.enabled());
        int n = raw.size();
        float[] ro = raw.observations().data();
        float[] rc = raw.chunks().data();
        for (int j = 0; j < 3; j++) {
            double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) { mn = Math.min(mn, ro[i * 3 + j]); mx = Math.max(mx, ro[i * 3 + j]); }
            assertEquals(mn, s.obsMin()[j], 0, "obs min " + j);
            assertEquals(mx, s.obsMax()[j], 0, "obs max " + j);
        }
        double amn = Double.POSITIVE_INFINITY, amx = Double.NEGATIVE_INFINITY;
        for (float v : rc) { amn = Math.min(amn, v); amx = Math.max(amx, v); }
        // Raw chunks are float32 roundings of the double actions the stats were fitted on.
        assertEquals(amn, s.actionMin()[0], 1e-6);
        assertEquals(amx, s.actionMax()[0], 1e-6);

        for (float[] data : new float[][] {norm.observations().data(), norm.chunks().data()}) {
            float mn = Float.POSITIVE_INFINITY, mx = Float.NEGATIVE_INFINITY;
            for (float v : data) { mn = Math.min(mn, v); mx = Math.max(mx, v); }
            assertTrue(mn >= -1f && mx <= 1f, "range [" + mn + ", " + mx + "]");
            assertEquals(-1f, mn, 1e-6f, "the minimum maps to -1");
            assertEquals(1f, mx, 1e-5f, "the maximum maps to (almost) 1");
        }
        // Element-wise: each normalised value is the stats' map of the raw one (same rollout for the same seed;
        // actions up to the float32 rounding of the raw chunk).
        float[] nc = norm.chunks().data();
        for (int i = 0; i < rc.length; i++) assertEquals((float) s.normalizeAction(0, rc[i]), nc[i], 1e-6f);
        float[] no = norm.observations().data();
        for (int i = 0; i < ro.length; i++) assertEquals((float) s.normalizeObs(i % 3, ro[i]), no[i], 0f);
    }

    @Test
    void rejects_bad_arguments() {
        assertThrows(IllegalArgumentException.class, () -> collect(0, H, false, 0));
        assertThrows(IllegalArgumentException.class, () -> collect(1, 0, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ScriptedDemonstrations.collect("NoSuchEnv-v0", PendulumController.mediocre(), 1, H, false, 0));
    }
}
