package io.rldt.core.dataset;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.data.NormalizationStats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives that lie about their sizes, are corrupt, or hold NaN: one error naming the file and array, never OOM. */
class HostileDatasetsTest {
    @TempDir Path tmp;

    /** A deflated .npz whose one member's header announces {@code shape} but whose data is {@code realBytes} zeros. */
    private Path bomb(String shape, int realBytes) throws IOException {
        Path f = tmp.resolve("bomb.npz");
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("states.npy")); // DEFLATED: sizes and CRC come from what is written
            zip.write(NpyTest.npy("'<f4'", "False", shape, 0));
            byte[] zeros = new byte[1 << 16];
            for (int left = realBytes; left > 0; left -= zeros.length) zip.write(zeros, 0, Math.min(left, zeros.length));
            zip.closeEntry();
        }
        return f;
    }

    @Test
    void aHugeDeclaredShapeOverASmallMemberIsRefusedBeforeAllocating() throws IOException {
        Path f = bomb("(900000000,)", 4 << 20); // 3.6 GB announced, 4 MB real (a few KB compressed)
        DatasetException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(DatasetException.class, () -> Npz.read(f)));
        assertTrue(e.getMessage().contains("bomb.npz: array 'states'") && e.getMessage().contains("needs 3600000000 bytes")
                && e.getMessage().contains("declares 4194304"), e.getMessage());
    }

    @Test
    void negativeAndOverflowingShapesAreOneError() throws IOException {
        DatasetException neg = assertThrows(DatasetException.class, () -> Npz.read(bomb("(-1,)", 16)));
        assertTrue(neg.getMessage().contains("shape (-1) has a negative dimension"), neg.getMessage());
        DatasetException big = assertThrows(DatasetException.class, () -> Npz.read(bomb("(2147483647, 2147483647)", 16)));
        assertTrue(big.getMessage().contains("elements (a Java array's limit)"), big.getMessage());
        DatasetException wrap = assertThrows(DatasetException.class,
                () -> Npy.read(NpyTest.npy("'<f8'", "False", "(4294967296, 4294967296)", 8), tmp, "a"));
        assertTrue(wrap.getMessage().contains("is not a tuple of integers") || wrap.getMessage().contains("Java array"),
                wrap.getMessage());
    }

    @Test
    void aFlippedDataByteFailsTheCrc() throws IOException {
        Path f = tmp.resolve("flip.npz");
        double[] v = new double[64];
        for (int i = 0; i < v.length; i++) v[i] = i;
        Npz.write(f, Map.of("states", NdArray.float64(v, 8, 8)));
        byte[] all = Files.readAllBytes(f);
        int at = indexOf(all, "'shape'".getBytes()) + 200; // inside the stored float64 data, past the padded header
        all[at] ^= 0x10;
        Files.write(f, all);
        DatasetException e = assertThrows(DatasetException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("array 'states': member is corrupt: CRC-32"), e.getMessage());
    }

    @Test
    void nanInfAndBadStatisticsAreRefusedNamingArrayAndIndex() throws IOException {
        Path f = tmp.resolve("train.npz");
        Map<String, NdArray> m = DatasetsTest.arrays(4, 3, 2, new long[] {4});
        m.get("states").values()[7] = Double.NaN;
        DatasetsTest.write(f, m);
        DatasetsTest.assertMessage(f, "array 'states': holds NaN at index (2, 1); expected finite values");

        m = DatasetsTest.arrays(4, 3, 2, new long[] {4});
        m.get("actions").values()[1] = Double.NEGATIVE_INFINITY;
        DatasetsTest.write(f, m);
        DatasetsTest.assertMessage(f, "array 'actions': holds -Infinity at index (0, 1)");

        m = DatasetsTest.arrays(4, 3, 2, new long[] {4});
        m.put("rewards", NdArray.float32(new double[] {0, 1, Double.POSITIVE_INFINITY, 0}, 4));
        DatasetsTest.write(f, m);
        DatasetsTest.assertMessage(f, "array 'rewards': holds Infinity at index (2)");

        DatasetsTest.write(f, DatasetsTest.arrays(4, 3, 2, new long[] {4}));
        Path norm = tmp.resolve("normalization.npz");
        double[][] cases = {{0, Double.NaN}, {1, 1}, {2, 1}};
        String[] expected = {"array 'obs_max': entry 1 is NaN", "array 'obs_max': entry 1 is 1.0, expected above obs_min (1.0)",
                "array 'obs_max': entry 1 is 1.0, expected above obs_min (2.0)"};
        for (int c = 0; c < cases.length; c++) {
            Map<String, NdArray> n = new LinkedHashMap<>();
            n.put("obs_min", NdArray.float32(new double[] {0, cases[c][0], 0}, 3));
            n.put("obs_max", NdArray.float32(new double[] {1, cases[c][1], 1}, 3));
            n.put("action_min", NdArray.float32(new double[] {-1, -1}, 2));
            n.put("action_max", NdArray.float32(new double[] {1, 1}, 2));
            Npz.write(norm, n);
            DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(f));
            assertTrue(e.getMessage().startsWith(norm.toString()) && e.getMessage().contains(expected[c]), e.getMessage());
        }
        assertTrue(new NormalizationStats(new double[] {1}, new double[] {1}, new double[0], new double[0], true)
                .firstProblem(false) == null, "fitted statistics may pin a constant feature");
    }

    @Test
    void aDirectoryIsNotAnArchive() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("dir.npz"));
        DatasetException e = assertThrows(DatasetException.class, () -> Npz.read(d));
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
