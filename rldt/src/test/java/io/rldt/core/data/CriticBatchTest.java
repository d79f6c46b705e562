package io.rldt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The critic's batch against a plain construction: member split by group (m, m + M, ...), inputs and next
 * states in row order, the bootstrap mean and clip, and TD targets equal to TdTargets over each trajectory's
 * own copied arrays (terminal, truncated, with and without truncation-as-terminal).
 */
class CriticBatchTest {
    private static Trajectory trajectory(Rng rng, int len, boolean terminal, boolean truncated) {
        int o = 3, d = 2;
        float[] obs = new float[(len + 1) * o], act = new float[len * d], rew = new float[len];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) rng.nextGaussian();
        for (int i = 0; i < act.length; i++) act[i] = (float) rng.nextGaussian();
        for (int i = 0; i < rew.length; i++) rew[i] = (float) rng.nextGaussian() * 5;
        return new Trajectory(len, o, d, obs, act, rew, terminal, truncated);
    }

    private static List<List<Trajectory>> groups(Rng rng) {
        List<List<Trajectory>> g = new ArrayList<>();
        g.add(List.of(trajectory(rng, 3, true, false), trajectory(rng, 2, false, false)));
        g.add(List.of(trajectory(rng, 4, false, true)));
        g.add(List.of(trajectory(rng, 1, false, false)));
        g.add(List.of(trajectory(rng, 5, false, true), trajectory(rng, 2, true, false)));
        g.add(List.of(trajectory(rng, 2, false, false)));
        return g;
    }

    @Test
    void rows_inputs_and_targets_match_a_plain_per_trajectory_construction() {
        List<List<Trajectory>> g = groups(new Rng(1));
        int members = 2;
        double scale = 2.5, gamma = 0.97, lambda = 0.6;
        CriticBatch b = CriticBatch.of(g, members, 3, 2, scale);
        // Member m: groups m, m + 2, ...
        List<List<Trajectory>> split = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < g.size(); i++) split.get(i % members).addAll(g.get(i));
        int total = 0;
        for (List<Trajectory> ts : split) for (Trajectory t : ts) total += t.length();
        assertEquals(total, b.rows());

        Rng rng = new Rng(2);
        float[] nextValues = new float[total];
        for (int i = 0; i < total; i++) nextValues[i] = (float) rng.nextGaussian() * 10;
        for (boolean truncAsTerminal : new boolean[] {false, true}) {
            Tensor[] y = b.tdTargets(nextValues, gamma, lambda, truncAsTerminal);
            int offset = 0;
            for (int m = 0; m < members; m++) {
                int local = 0;
                float[] expected = new float[y[m].size()];
                for (Trajectory t : split.get(m)) {
                    float[] r = new float[t.length()];
                    for (int i = 0; i < r.length; i++) r[i] = (float) (t.rewards()[i] / scale);
                    float[] nv = java.util.Arrays.copyOfRange(nextValues, offset + local, offset + local + t.length());
                    TdTargets.compute(r, nv, t.terminal() || (truncAsTerminal && t.truncated()), gamma, lambda, expected, local);
                    // inputs: s_t and a_t of this trajectory at its rows
                    for (int i = 0; i < t.length(); i++) {
                        assertArrayEquals(java.util.Arrays.copyOfRange(t.observations(), i * 3, i * 3 + 3),
                                java.util.Arrays.copyOfRange(b.observations(m).data(), (local + i) * 3, (local + i) * 3 + 3));
                        assertArrayEquals(java.util.Arrays.copyOfRange(t.actions(), i * 2, i * 2 + 2),
                                java.util.Arrays.copyOfRange(b.actions(m).data(), (local + i) * 2, (local + i) * 2 + 2));
                    }
                    local += t.length();
                }
                assertArrayEquals(expected, y[m].data());
                offset += local;
            }
        }
    }

    @Test
    void next_states_repeat_in_row_order_and_bootstrap_values_average_then_clip() {
        List<List<Trajectory>> g = groups(new Rng(4));
        CriticBatch b = CriticBatch.of(g, 3, 3, 2, 1.0);
        int n = b.rows();
        Tensor next = b.nextObservations(2);
        assertEquals(2 * n, next.dim(0));
        int r = 0;
        for (int m = 0; m < 3; m++) {
            for (int i = m; i < g.size(); i += 3) {
                for (Trajectory t : g.get(i)) {
                    for (int k = 0; k < t.length(); k++, r++) {
                        float[] want = java.util.Arrays.copyOfRange(t.observations(), (k + 1) * 3, (k + 2) * 3);
                        assertArrayEquals(want, java.util.Arrays.copyOfRange(next.data(), r * 3, r * 3 + 3));
                        assertArrayEquals(want, java.util.Arrays.copyOfRange(next.data(), (n + r) * 3, (n + r) * 3 + 3));
                    }
                }
            }
        }
        float[] values = new float[2 * n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
            values[n + i] = 3 * i;
        }
        float[] qBar = b.bootstrapValues(values, 2, 1.0, 10.0);
        for (int i = 0; i < n; i++) assertEquals(Math.max(1.0, Math.min(10.0, 2.0 * i)), qBar[i], 0.0);
        assertThrows(IllegalArgumentException.class, () -> b.bootstrapValues(new float[n], 2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> b.tdTargets(new float[n + 1], 0.9, 0, false));
    }
}
