package io.rldt.core.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticleCloudPlotTest {
    @TempDir
    Path dir;

    static ParticleCloudPlot example(int n) {
        Random rng = new Random(1);
        double[] bx = new double[n];
        double[] by = new double[n];
        double[] ax = new double[n];
        double[] ay = new double[n];
        for (int i = 0; i < n; i++) {
            bx[i] = -1 + 0.6 * rng.nextGaussian();
            by[i] = -1 + 0.6 * rng.nextGaussian();
            ax[i] = 1.2 + 0.25 * rng.nextGaussian();
            ay[i] = 1.0 + 0.25 * rng.nextGaussian();
        }
        List<ParticleCloudPlot.Arrow> arrows = List.of(
                new ParticleCloudPlot.Arrow(bx[0], by[0], 1.2 - bx[0], 1.0 - by[0]),
                new ParticleCloudPlot.Arrow(bx[1], by[1], 1.2 - bx[1], 1.0 - by[1]));
        return new ParticleCloudPlot((x, y) -> Math.exp(-((x - 1.2) * (x - 1.2) + (y - 1) * (y - 1)))
                + 0.5 * Math.exp(-((x + 1.5) * (x + 1.5) + (y - 1.5) * (y - 1.5)) / 0.5),
                new ParticleCloudPlot.Bounds(-3, 3, -3, 3))
                .title("RLDT moves the particles up the reward")
                .axisTitles("a₁", "a₂")
                .before(bx, by).after(ax, ay)
                .arrows(ParticleCloudPlot.Panel.BEFORE, arrows, 0.4);
    }

    @Test
    void writes_side_by_side_png_of_requested_size() throws IOException {
        Path png = dir.resolve("particles.png");
        example(200).resolution(80).write(png, 1200, 600);
        BufferedImage img = PngAssert.assertPng(png, 1200, 600);
        // the "after" particles are drawn in their own red, which is not in the colour map
        assertTrue(PngAssert.countNear(img, ParticleCloudPlot.AFTER_FILL.getRGB(), 25) > 200, "no red particles");
    }

    @Test
    void renders_at_other_sizes_and_with_nan_reward() throws IOException {
        Path png = dir.resolve("odd.png");
        new ParticleCloudPlot((x, y) -> x > 0 ? Double.NaN : x * y, new ParticleCloudPlot.Bounds(-1, 1, 0, 4))
                .before(new double[][] {{0, 1}, {-0.5, 2}}).after(new double[][] {{0.5, 3}})
                .contours(0).resolution(40).ghostBefore(false)
                .write(png, 500, 400);
        PngAssert.assertPng(png, 500, 400);
        // constant reward and no particles still render
        BufferedImage img = new ParticleCloudPlot((x, y) -> 1.0, new ParticleCloudPlot.Bounds(0, 1, 0, 1))
                .resolution(10).render(300, 200);
        assertEquals(300, img.getWidth());
    }

    @Test
    void bad_input_is_rejected_clearly() {
        var p = new ParticleCloudPlot((x, y) -> 0, new ParticleCloudPlot.Bounds(0, 1, 0, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> p.after(new double[3], new double[2]));
        assertTrue(e.getMessage().contains("after") && e.getMessage().contains("3") && e.getMessage().contains("2"),
                e.getMessage());
        var pt = assertThrows(IllegalArgumentException.class, () -> p.before(new double[][] {{0, 0}, {1, 2, 3}}));
        assertTrue(pt.getMessage().contains("before") && pt.getMessage().contains("point 1"), pt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ParticleCloudPlot.Bounds(1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> p.render(50, 50));
    }

    @Test
    void nice_ticks_and_labels() {
        assertArrayEquals(new double[] {-3, -2, -1, 0, 1, 2, 3}, ParticleCloudPlot.niceTicks(-3, 3, 6), 1e-12);
        double[] t = ParticleCloudPlot.niceTicks(0, 1, 5);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, t, 1e-12);
        assertEquals("0.4", ParticleCloudPlot.fmt(t[2], t));
        double[] q = ParticleCloudPlot.niceTicks(0, 1, 4);
        assertEquals("0.25", ParticleCloudPlot.fmt(q[1], q));
        assertEquals("0.0", ParticleCloudPlot.fmt(-1e-17, t));
        assertEquals("0", ParticleCloudPlot.fmt(-1e-17, new double[] {-1, 0, 1}));
    }
}
