package io.rldt.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Checks shared by the plot tests: a readable PNG of the right size that is not blank, and no temp files left. */
final class PngAssert {
    private PngAssert() {}

    static BufferedImage assertPng(Path png, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(png), "missing " + png);
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(png)) {
            assertEquals(8, in.read(head));
        }
        assertEquals((byte) 0x89, head[0], "PNG signature");
        assertEquals('P', head[1]);
        assertEquals('N', head[2]);
        assertEquals('G', head[3]);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "ImageIO cannot read " + png);
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        assertTrue(lumaVariance(img) > 0, "image is blank");
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary file left behind");
        }
        return img;
    }

    static double lumaVariance(BufferedImage img) {
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += l;
                sq += l * l;
                n++;
            }
        }
        double m = sum / n;
        return sq / n - m * m;
    }

    /** Number of (sampled) pixels close to the given colour. */
    static int countNear(BufferedImage img, int rgb, int tol) {
        int c = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) <= tol
                        && Math.abs(((p >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) <= tol
                        && Math.abs((p & 0xFF) - (rgb & 0xFF)) <= tol) c++;
            }
        }
        return c;
    }
}
