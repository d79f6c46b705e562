package io.rldt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.function.Executable;

/**
 * Test helpers shared by the engine suites and downstream modules (test jar): random tensors, naive
 * index arithmetic written independently of the engine, and comparisons that report the first bad element.
 */
public final class TensorAssert {
    private TensorAssert() {}

    /** Uniform in [-1, 1), drawn with plain java.util code so it does not depend on a backend. */
    public static Tensor random(long seed, int... shape) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (2 * r.nextDouble() - 1);
        return Tensor.wrap(v, shape);
    }

    /** Row-major multi-index of {@code flat} in {@code shape}. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** Flat offset of {@code idx} in {@code shape}. */
    public static int ravel(int[] idx, int[] shape) {
        int o = 0;
        for (int d = 0; d < shape.length; d++) o = o * shape[d] + idx[d];
        return o;
    }

    /** The element of {@code t} that NumPy broadcasting reads for output index {@code idx}. */
    public static float broadcastGet(Tensor t, int[] idx) {
        int[] s = t.shape();
        int off = idx.length - s.length, o = 0;
        for (int d = 0; d < s.length; d++) o = o * s[d] + (s[d] == 1 ? 0 : idx[d + off]);
        return t.data()[o];
    }

    /** Bitwise-equal values (NaN equals NaN; +0 equals −0). */
    public static void assertExact(float[] expected, Tensor actual, String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        float[] a = actual.data();
        for (int i = 0; i < expected.length; i++) {
            boolean ok = expected[i] == a[i] || (Float.isNaN(expected[i]) && Float.isNaN(a[i]));
            if (!ok) fail(what + ": element " + i + " expected " + expected[i] + " but was " + a[i]);
        }
    }

    /** |e − a| ≤ abs + rel·max(|e|, |a|) elementwise (see {@link Tolerances#close}). */
    public static void assertClose(double[] expected, Tensor actual, double rel, double abs, String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        float[] a = actual.data();
        for (int i = 0; i < expected.length; i++) {
            if (!Tolerances.close(expected[i], a[i], rel, abs)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + a[i]);
            }
        }
    }

    /** |e − a| ≤ rel·scale[i] + abs: for sums, scale is Σ|terms| (the sum's condition), not |result|. */
    public static void assertWithin(double[] expected, double[] scale, Tensor actual, double rel, double abs,
                                    String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        float[] a = actual.data();
        for (int i = 0; i < expected.length; i++) {
            boolean nan = Double.isNaN(expected[i]) || Double.isNaN(a[i]);
            boolean ok = nan ? Double.isNaN(expected[i]) && Double.isNaN(a[i])
                    : expected[i] == a[i] || Math.abs(expected[i] - a[i]) <= rel * scale[i] + abs;
            if (!ok) fail(what + ": element " + i + " expected " + expected[i] + " but was " + a[i]);
        }
    }

    /** Asserts that {@code call} throws {@code type} with a message containing every one of {@code parts}. */
    public static <T extends Throwable> T assertThrowsNaming(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(p),
                    "message \"" + e.getMessage() + "\" should mention \"" + p + "\"");
        }
        return e;
    }

    public static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += (double) a.data()[i] * b.data()[i];
        return s;
    }
}
