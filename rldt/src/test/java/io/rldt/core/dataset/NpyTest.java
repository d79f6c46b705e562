package io.rldt.core.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy/.npz reader and writer against themselves, against numpy, and on malformed input. */
class NpyTest {

    @Test
    void round_trips_every_writable_dtype(@TempDir Path tmp) throws IOException {
        Map<String, NdArray> in = new LinkedHashMap<>();
        in.put("f", NdArray.float32(new double[] {1.5, -2, 3.25, 0, 1e-3, 7}, 2, 3));
        in.put("d", NdArray.float64(new double[] {Math.PI, -Math.E}, 2));
        in.put("i", NdArray.int64(new long[] {1L << 40, -3, 0}, 3));
        in.put("b", new NdArray("b1", new int[] {2, 1}, new double[] {1, 0}));
        in.put("s", NdArray.float64(new double[] {42}));
        Path file = tmp.resolve("x.npz");
        Npz.write(file, in);
        Map<String, NdArray> out = Npz.read(file);
        assertEquals(in.keySet(), out.keySet());
        for (String k : in.keySet()) {
            assertEquals(in.get(k).dtype(), out.get(k).dtype(), k);
            assertArrayEquals(in.get(k).shape(), out.get(k).shape(), k);
        }
        assertArrayEquals(new double[] {1.5, -2, 3.25, 0, (float) 1e-3, 7}, out.get("f").values());
        assertArrayEquals(in.get("d").values(), out.get("d").values());
        assertArrayEquals(in.get("i").values(), out.get("i").values());
        assertArrayEquals(in.get("b").values(), out.get("b").values());
    }

    @Test
    void reads_what_numpy_writes_and_numpy_reads_ours(@TempDir Path tmp) throws IOException {
        assumeTrue(Python3.has("numpy"), "python3 with numpy is absent");
        Path theirs = tmp.resolve("theirs.npz");
        Python3.script("""
                import sys, numpy as np
                np.savez_compressed(sys.argv[1], f4=np.arange(6, dtype=np.float32).reshape(2, 3) / 4,
                    f8=np.array([1e300, -0.5]), i8=np.array([-(2**40), 7], dtype=np.int64),
                    i4=np.array([[1], [-2]], dtype=np.int32), u1=np.array([255, 0], dtype=np.uint8),
                    b1=np.array([True, False, True]), f2=np.array([0.5, -2], dtype=np.float16),
                    empty=np.zeros((0, 4), dtype=np.float32))
                """, theirs.toString());
        Map<String, NdArray> a = Npz.read(theirs);
        assertArrayEquals(new int[] {2, 3}, a.get("f4").shape());
        assertArrayEquals(new double[] {0, .25, .5, .75, 1, 1.25}, a.get("f4").values());
        assertArrayEquals(new double[] {1e300, -0.5}, a.get("f8").values());
        assertArrayEquals(new double[] {-(double) (1L << 40), 7}, a.get("i8").values());
        assertArrayEquals(new double[] {1, -2}, a.get("i4").values());
        assertArrayEquals(new double[] {255, 0}, a.get("u1").values());
        assertArrayEquals(new double[] {1, 0, 1}, a.get("b1").values());
        assertArrayEquals(new double[] {0.5, -2}, a.get("f2").values());
        assertArrayEquals(new int[] {0, 4}, a.get("empty").shape());

        Path ours = tmp.resolve("ours.npz");
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("x", NdArray.float32(new double[] {1, 2, 3, 4, 5, 6}, 3, 2));
        m.put("n", NdArray.int64(new long[] {5, -6}, 2));
        m.put("t", new NdArray("b1", new int[] {2}, new double[] {0, 1}));
        Npz.write(ours, m);
        String out = Python3.script("""
                import sys, numpy as np
                z = np.load(sys.argv[1])
                assert z['x'].dtype == np.float32 and z['x'].shape == (3, 2) and z['x'][2, 1] == 6, z['x']
                assert z['n'].dtype == np.int64 and list(z['n']) == [5, -6]
                assert z['t'].dtype == np.bool_ and list(z['t']) == [False, True]
                print('ok')
                """, ours.toString());
        assertTrue(out.contains("ok"), out);
    }

    @Test
    void rejects_big_endian_fortran_order_and_unknown_dtypes() {
        Path f = Path.of("x.npz");
        DatasetException be = assertThrows(DatasetException.class, () -> Npy.read(npy("'>f4'", "False", "(1,)", 4), f, "a"));
        assertTrue(be.getMessage().contains("x.npz: array 'a': dtype '>f4' is not supported; expected little-endian"), be.getMessage());
        DatasetException fo = assertThrows(DatasetException.class, () -> Npy.read(npy("'<f4'", "True", "(2, 2)", 16), f, "a"));
        assertTrue(fo.getMessage().contains("Fortran order; expected C order"), fo.getMessage());
        DatasetException ob = assertThrows(DatasetException.class, () -> Npy.read(npy("'|O'", "False", "(1,)", 8), f, "obj"));
        assertTrue(ob.getMessage().contains("array 'obj': dtype '|O' is not supported"), ob.getMessage());
        DatasetException tr = assertThrows(DatasetException.class, () -> Npy.read(npy("'<f8'", "False", "(3,)", 16), f, "a"));
        assertTrue(tr.getMessage().contains("truncated data: shape (3) of <f8 needs 24 bytes, found 16"), tr.getMessage());
        DatasetException mg = assertThrows(DatasetException.class, () -> Npy.read("hello world".getBytes(), f, "a"));
        assertTrue(mg.getMessage().contains("not a .npy array"), mg.getMessage());
    }

    @Test
    void truncated_and_missing_archives_name_the_file(@TempDir Path tmp) throws IOException {
        Path good = tmp.resolve("good.npz");
        Npz.write(good, Map.of("states", NdArray.float32(new double[64], 8, 8)));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.npz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> Npz.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": not a readable .npz (zip) archive"), e.getMessage());
        DatasetException missing = assertThrows(DatasetException.class, () -> Npz.read(tmp.resolve("nope.npz")));
        assertTrue(missing.getMessage().contains("nope.npz: file does not exist"), missing.getMessage());
    }

    /** A hand-built .npy 1.0 image with the given header fields and {@code dataBytes} zero bytes of data. */
    static byte[] npy(String descr, String fortran, String shape, int dataBytes) {
        String dict = "{'descr': " + descr + ", 'fortran_order': " + fortran + ", 'shape': " + shape + ", }\n";
        byte[] h = dict.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + dataBytes];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(), 0, out, 1, 5);
        out[6] = 1;
        out[8] = (byte) h.length;
        out[9] = (byte) (h.length >>> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }
}
