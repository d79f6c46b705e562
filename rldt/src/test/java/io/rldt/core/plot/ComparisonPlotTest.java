package io.rldt.core.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.plot.ComparisonPlot.Aggregate;
import io.rldt.core.plot.ComparisonPlot.Band;
import io.rldt.core.plot.ComparisonPlot.Grid;
import io.rldt.core.plot.ComparisonPlot.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonPlotTest {
    @TempDir
    Path dir;

    private static final double EPS = 1e-12;

    @Test
    void mean_and_standard_error_on_a_shared_grid() {
        List<Run> runs = List.of(
                new Run("A", "s0", new double[] {0, 1, 2}, new double[] {1, 2, 3}),
                new Run("A", "s1", new double[] {0, 1, 2}, new double[] {3, 4, 5}),
                new Run("A", "s2", new double[] {0, 1, 2}, new double[] {2, 6, 4}));
        Aggregate a = ComparisonPlot.aggregate("A", runs, Band.STANDARD_ERROR, Grid.SHARED);
        assertArrayEquals(new double[] {0, 1, 2}, a.x(), EPS);
        assertArrayEquals(new double[] {2, 4, 4}, a.mean(), EPS);
        // sample std at x=0: values 1,3,2 -> 1; se = 1/sqrt(3). x=1: 2,4,6 -> 2; se = 2/sqrt(3). x=2: 3,5,4 -> 1.
        double r3 = Math.sqrt(3);
        assertArrayEquals(new double[] {2 - 1 / r3, 4 - 2 / r3, 4 - 1 / r3}, a.lower(), EPS);
        assertArrayEquals(new double[] {2 + 1 / r3, 4 + 2 / r3, 4 + 1 / r3}, a.upper(), EPS);
        assertEquals(3, a.runs());

        Aggregate m = ComparisonPlot.aggregate("A", runs, Band.MIN_MAX, Grid.SHARED);
        assertArrayEquals(new double[] {1, 2, 3}, m.lower(), EPS);
        assertArrayEquals(new double[] {3, 6, 5}, m.upper(), EPS);
    }

    @Test
    void interpolates_runs_with_different_x_grids_over_the_common_range() {
        // run 1 logged at 0,2,4,6; run 2 at 1,3,5 (unsorted, with a repeated x where the last row wins)
        Run r1 = new Run("B", "s0", new double[] {0, 2, 4, 6}, new double[] {0, 2, 4, 6});   // y = x
        Run r2 = new Run("B", "s1", new double[] {5, 1, 3, 3}, new double[] {50, 10, 99, 30}); // y = 10x
        Aggregate a = ComparisonPlot.aggregate("B", List.of(r1, r2), Band.MIN_MAX, Grid.INTERPOLATE);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, a.x(), EPS);
        assertArrayEquals(new double[] {5.5, 11, 16.5, 22, 27.5}, a.mean(), EPS);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, a.lower(), EPS);
        assertArrayEquals(new double[] {10, 20, 30, 40, 50}, a.upper(), EPS);

        // shared grid: no x in common
        var e = assertThrows(IllegalArgumentException.class,
                () -> ComparisonPlot.aggregate("B", List.of(r1, r2), Band.MIN_MAX, Grid.SHARED));
        assertTrue(e.getMessage().contains("'B'"), e.getMessage());
    }

    @Test
    void single_run_has_zero_width_standard_error_band_and_methods_keep_order() {
        List<Run> runs = List.of(
                new Run("Z", "", new double[] {0, 1}, new double[] {1, 2}),
                new Run("A", "", new double[] {0, 1}, new double[] {5, 5}),
                new Run("Z", "", new double[] {0, 1}, new double[] {3, 4}));
        List<Aggregate> aggs = ComparisonPlot.aggregate(runs, Band.STANDARD_ERROR, Grid.INTERPOLATE);
        assertEquals(List.of("Z", "A"), aggs.stream().map(Aggregate::method).toList());
        assertArrayEquals(new double[] {5, 5}, aggs.get(1).lower(), EPS);
        assertArrayEquals(new double[] {5, 5}, aggs.get(1).upper(), EPS);
        assertArrayEquals(new double[] {2, 3}, aggs.get(0).mean(), EPS);
    }

    @Test
    void interpolate_hits_knots_and_midpoints() {
        double[] out = ComparisonPlot.interpolate(new double[] {0, 10}, new double[] {0, 100}, new double[] {0, 2.5, 10});
        assertArrayEquals(new double[] {0, 25, 100}, out, EPS);
    }

    @Test
    void loads_csv_skipping_rows_with_missing_values() throws IOException {
        Path csv = dir.resolve("seed0.csv");
        Files.writeString(csv, """
                iteration,env_steps,eval_return,loss
                0,0,,1.5
                1,1000,10.5,1.2
                2,2000,,1.1

                3,3000,30,
                4,4000,NaN,0.9
                5,5000,50
                """);
        Run r = ComparisonPlot.loadCsv(csv, "RLDT", "env_steps", "eval_return");
        assertEquals("RLDT", r.method());
        assertEquals("seed0.csv", r.label());
        assertArrayEquals(new double[] {1000, 3000, 5000}, r.x(), EPS);
        assertArrayEquals(new double[] {10.5, 30, 50}, r.y(), EPS);

        Run byIter = ComparisonPlot.loadCsv(csv, "RLDT", "iteration", "loss");
        assertArrayEquals(new double[] {0, 1, 2, 4}, byIter.x(), EPS);

        var missing = assertThrows(IllegalArgumentException.class,
                () -> ComparisonPlot.loadCsv(csv, "RLDT", "iteration", "success"));
        assertTrue(missing.getMessage().contains("success") && missing.getMessage().contains("eval_return"),
                missing.getMessage());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "iteration,r\n0,1\n1,abc\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ComparisonPlot.loadCsv(bad, "m", "iteration", "r"));
        assertTrue(e.getMessage().contains(":3") && e.getMessage().contains("abc"), e.getMessage());
    }

    @Test
    void writes_comparison_png_from_csv_runs() throws IOException {
        for (int seed = 0; seed < 3; seed++) {
            StringBuilder a = new StringBuilder("iteration,eval_return\n");
            StringBuilder b = new StringBuilder("iteration,eval_return\n");
            for (int it = 0; it < 40; it++) {
                a.append(it).append(',').append(it % 5 == 0 ? 100 * (1 - Math.exp(-it / 8.0)) + 7 * seed : "").append('\n');
                b.append(it).append(',').append(it % 4 == 1 ? 70 * (1 - Math.exp(-it / 12.0)) - 5 * seed : "").append('\n');
            }
            Files.writeString(dir.resolve("rldt" + seed + ".csv"), a);
            Files.writeString(dir.resolve("dppo" + seed + ".csv"), b);
        }
        var runs = new java.util.ArrayList<Run>();
        runs.addAll(ComparisonPlot.loadCsvs("RLDT", List.of(dir.resolve("rldt0.csv"), dir.resolve("rldt1.csv"),
                dir.resolve("rldt2.csv")), "iteration", "eval_return"));
        runs.addAll(ComparisonPlot.loadCsvs("DPPO", List.of(dir.resolve("dppo0.csv"), dir.resolve("dppo1.csv"),
                dir.resolve("dppo2.csv")), "iteration", "eval_return"));
        Path png = dir.resolve("cmp.png");
        new ComparisonPlot("Hopper-v4", "iteration", "eval return").band(Band.MIN_MAX).addAll(runs).write(png, 900, 540);
        PngAssert.assertPng(png, 900, 540);
    }

    @Test
    void run_with_mismatched_lengths_names_the_run() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Run("RLDT", "seed3", new double[2], new double[5]));
        assertTrue(e.getMessage().contains("RLDT/seed3") && e.getMessage().contains("2") && e.getMessage().contains("5"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> new ComparisonPlot("", "", "").write(dir.resolve("x.png"), 400, 300));
    }
}
