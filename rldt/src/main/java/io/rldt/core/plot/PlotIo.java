package io.rldt.core.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Shared plumbing for the plots: headless mode, the colour palette, argument checks and atomic PNG writes. */
final class PlotIo {
    private PlotIo() {}

    /**
     * Colour-blind-safe categorical palette (Okabe-Ito, with black moved last), used in order for series and
     * methods.
     */
    private static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442).darker(), new Color(0x000000)};

    /** Sets {@code java.awt.headless=true} unless the caller already chose; call before touching AWT. */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** The {@code i}-th palette colour, cycling. */
    static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** {@code c} with the given alpha (0-255). */
    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static void checkSize(int width, int height) {
        if (width < 100 || height < 100 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException(
                    "image size must be between 100 and 16384 pixels per side, got " + width + "x" + height);
        }
    }

    /**
     * Writes {@code image} as PNG to {@code png} atomically: a temporary file in the same directory is written
     * and then moved over the target (atomic rename where the file system supports it).
     */
    static void writePng(BufferedImage image, Path png) {
        Path target = png.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer available");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PNG " + png, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort cleanup of the temporary file
                }
            }
        }
    }

    /** The smallest "nice" step (1, 2, 2.5 or 5 times a power of ten) at least {@code range / target}. */
    static double niceStep(double range, int target) {
        double raw = range / Math.max(1, target);
        if (!(raw > 0) || !Double.isFinite(raw)) return 1;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * mag >= raw * (1 - 1e-9)) return m * mag;
        }
        return 10 * mag;
    }

    /** Font size in pixels: {@code base} scaled by {@code s}, but never below 11 px (small images stay legible). */
    static int fontPx(int base, float s) {
        return Math.max(Math.min(11, base), Math.round(base * s));
    }
}
