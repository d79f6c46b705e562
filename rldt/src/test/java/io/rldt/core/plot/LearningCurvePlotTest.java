package io.rldt.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvePlotTest {
    @TempDir
    Path dir;

    static double[] range(int n, double step) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i * step;
        return x;
    }

    @Test
    void writes_png_of_requested_size_with_bands_and_plain_series() throws IOException {
        double[] x = range(50, 1000);
        double[] mean = new double[50];
        double[] std = new double[50];
        double[] other = new double[50];
        for (int i = 0; i < 50; i++) {
            mean[i] = 100 * (1 - Math.exp(-i / 10.0));
            std[i] = 5 + i * 0.2;
            other[i] = 60 * (1 - Math.exp(-i / 20.0));
        }
        other[10] = Double.NaN; // a gap, not a failure
        Path png = dir.resolve("sub/curve.png");
        new LearningCurvePlot("Hopper", "env steps", "return")
                .add(LearningCurvePlot.Series.withStd("RLDT", x, mean, std))
                .add(LearningCurvePlot.Series.of("BC", x, other))
                .write(png, 800, 500);
        PngAssert.assertPng(png, 800, 500);
    }

    @Test
    void overwrites_existing_file() throws IOException {
        Path png = dir.resolve("c.png");
        Files.writeString(png, "old");
        new LearningCurvePlot("", "iteration", "return")
                .add(LearningCurvePlot.Series.of("a", new double[] {0, 1, 2}, new double[] {1, 3, 2}))
                .write(png, 400, 300);
        PngAssert.assertPng(png, 400, 300);
    }

    @Test
    void mismatched_lengths_name_the_series_and_lengths() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LearningCurvePlot.Series.of("RLDT", new double[3], new double[4]));
        assertTrue(e.getMessage().contains("RLDT") && e.getMessage().contains("3") && e.getMessage().contains("4"),
                e.getMessage());
        var b = assertThrows(IllegalArgumentException.class,
                () -> new LearningCurvePlot.Series("PPO", new double[3], new double[3], new double[2], new double[3]));
        assertTrue(b.getMessage().contains("PPO") && b.getMessage().contains("lower has 2"), b.getMessage());
        var s = assertThrows(IllegalArgumentException.class,
                () -> LearningCurvePlot.Series.withStd("SAC", new double[3], new double[3], new double[5]));
        assertTrue(s.getMessage().contains("SAC") && s.getMessage().contains("5"), s.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LearningCurvePlot.Series("half", new double[3], new double[3], new double[3], null));
    }

    @Test
    void duplicate_names_and_empty_plot_are_rejected() {
        var p = new LearningCurvePlot("t", "x", "y").add(LearningCurvePlot.Series.of("a", new double[1], new double[1]));
        var e = assertThrows(IllegalArgumentException.class,
                () -> p.add(LearningCurvePlot.Series.of("a", new double[1], new double[1])));
        assertTrue(e.getMessage().contains("'a'"));
        assertThrows(IllegalStateException.class, () -> new LearningCurvePlot("t", "x", "y").render(400, 300));
        assertEquals(1, p.series().size());
    }

    @Test
    void large_axes_are_rescaled_with_the_power_in_the_title() {
        assertEquals(0, LearningCurvePlot.axisExponent(99_999));
        assertEquals(3, LearningCurvePlot.axisExponent(500_000));
        assertEquals(6, LearningCurvePlot.axisExponent(2e6));
        assertEquals(" (×10⁶)", LearningCurvePlot.exponentSuffix(6));
        var chart = new LearningCurvePlot("", "env steps", "return")
                .add(LearningCurvePlot.Series.of("a", new double[] {0, 1e6}, new double[] {1, 2})).toChart(400, 300);
        assertEquals("env steps (×10⁶)", chart.getXAxisTitle());
        assertEquals("return", chart.getYAxisTitle());
    }
}
