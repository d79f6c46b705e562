package io.rldt.engine;

import java.util.Arrays;

/** Static helpers on shapes ({@code int[]} dimension lists, row-major). */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of {@code shape} (1 for a scalar). Throws on negative dimensions or int overflow. */
    public static int size(int[] shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape " + str(shape) + ": dimension " + i + " is " + shape[i]
                        + ", expected >= 0");
            }
            n *= shape[i];
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides in elements. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** NumPy broadcasting: align trailing dimensions; each pair must be equal or contain a 1. */
    public static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("cannot broadcast shapes " + str(a) + " and " + str(b)
                        + ": dimension " + i + " (aligned right) is " + da + " vs " + db);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides (in elements) for reading a tensor of shape {@code shape} as if broadcast to {@code target}:
     * broadcast dimensions get stride 0.
     */
    public static int[] broadcastStrides(int[] shape, int[] target) {
        int[] own = strides(shape);
        int[] s = new int[target.length];
        int off = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < off) {
                s[i] = 0;
            } else {
                s[i] = shape[i - off] == 1 && target[i] != 1 ? 0 : own[i - off];
            }
        }
        return s;
    }

    /** Normalises a possibly negative axis against {@code rank}; throws naming the axis and rank. */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /** The shape with the given axes set to 1 (a "keep dims" reduction shape). */
    public static int[] reduced(int[] shape, int[] axes, boolean keepDims) {
        boolean[] red = new boolean[shape.length];
        for (int ax : axes) red[axis(ax, shape.length)] = true;
        int n = 0;
        for (boolean r : red) if (!r || keepDims) n++;
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!red[i]) out[j++] = shape[i];
            else if (keepDims) out[j++] = 1;
        }
        return out;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
