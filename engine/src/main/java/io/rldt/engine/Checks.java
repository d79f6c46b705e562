package io.rldt.engine;

import java.util.Arrays;

/** Argument checks shared by backends; every message names the operation and the shapes involved. */
public final class Checks {
    private Checks() {}

    public static void sameShape(String op, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.str(a.shape()) + " and "
                    + Shapes.str(b.shape()) + " must be equal");
        }
    }

    public static void outShape(String op, Tensor out, int[] expected, Tensor... inputs) {
        if (!out.hasShape(expected)) {
            StringBuilder in = new StringBuilder();
            for (Tensor t : inputs) in.append(in.isEmpty() ? "" : ", ").append(Shapes.str(t.shape()));
            throw new IllegalArgumentException(op + ": out has shape " + Shapes.str(out.shape()) + ", expected "
                    + Shapes.str(expected) + (inputs.length > 0 ? " for inputs " + in : ""));
        }
    }

    public static int index(String op, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + index + " is out of range [0, " + size + ")");
        }
        return index;
    }

    /**
     * Validates a reduction: {@code axes} distinct and in range, {@code out} shaped as x with the reduced axes
     * set to 1 (keep-dims) or removed.
     */
    public static void reduceOut(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        int[] shape = x.shape();
        boolean[] seen = new boolean[shape.length];
        for (int ax : axes) {
            int a = Shapes.axis(ax, shape.length);
            if (seen[a]) {
                throw new IllegalArgumentException("reduce " + op + " over axes " + Arrays.toString(axes) + " of "
                        + Shapes.str(shape) + ": axis " + ax + " repeated");
            }
            seen[a] = true;
        }
        int[] keep = Shapes.reduced(shape, axes, true), drop = Shapes.reduced(shape, axes, false);
        if (!(out.hasShape(keep) || out.hasShape(drop))) {
            throw new IllegalArgumentException("reduce " + op + " over axes " + Arrays.toString(axes) + " of "
                    + Shapes.str(shape) + ": out has shape " + Shapes.str(out.shape()) + ", expected "
                    + Shapes.str(keep) + " or " + Shapes.str(drop));
        }
    }

    /** Validates a slice [start, end) of x along {@code axis} and its {@code out}; returns the axis, normalised. */
    public static int slice(Tensor x, int axis, int start, int end, Tensor out) {
        int[] shape = x.shape();
        int ax = Shapes.axis(axis, shape.length);
        if (start < 0 || end > shape[ax] || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") along axis " + axis + " of shape "
                    + Shapes.str(shape) + " is out of range");
        }
        shape[ax] = end - start;
        outShape("slice", out, shape, x);
        return ax;
    }

    /** Validates writing {@code src} into {@code out} at {@code start} along {@code axis}; returns the axis, normalised. */
    public static int sliceInto(Tensor src, int axis, int start, Tensor out) {
        int[] os = out.shape();
        int ax = Shapes.axis(axis, os.length);
        int len = src.rank() == os.length ? src.dim(ax) : -1;
        int[] expect = os.clone();
        expect[ax] = len;
        if (len < 0 || start < 0 || start + len > os[ax] || !src.hasShape(expect)) {
            throw new IllegalArgumentException("sliceInto: src shape " + Shapes.str(src.shape()) + " at " + start
                    + " along axis " + axis + " does not fit out shape " + Shapes.str(os));
        }
        return ax;
    }

    /**
     * Validates a concatenation: at least one tensor, equal ranks and dimensions outside {@code axis}, {@code out}
     * shaped as their concatenation. Returns the axis, normalised.
     */
    public static int concat(Tensor[] xs, int axis, Tensor out) {
        if (xs.length == 0) throw new IllegalArgumentException("concat of zero tensors");
        int ax = Shapes.axis(axis, xs[0].rank());
        int[] outShape = xs[0].shape();
        int total = 0;
        for (Tensor x : xs) {
            int[] s = x.shape();
            boolean ok = s.length == outShape.length;
            for (int d = 0; ok && d < s.length; d++) ok = d == ax || s[d] == outShape[d];
            if (!ok) {
                throw new IllegalArgumentException("concat along axis " + axis + ": shape " + Shapes.str(s)
                        + " does not match " + Shapes.str(xs[0].shape()) + " outside that axis");
            }
            total += s[ax];
        }
        outShape[ax] = total;
        outShape("concat", out, outShape);
        return ax;
    }

    /** Validates index-select's {@code out} (x's shape with {@code rows} along the axis); returns the axis, normalised. */
    public static int indexSelectOut(Tensor x, int axis, int rows, Tensor out) {
        int[] outShape = x.shape();
        int ax = Shapes.axis(axis, outShape.length);
        outShape[ax] = rows;
        outShape("indexSelect", out, outShape, x);
        return ax;
    }

    /** Validates index-add's {@code src} (out's shape with {@code rows} along the axis); returns the axis, normalised. */
    public static int indexAddSrc(Tensor src, int axis, int rows, Tensor out) {
        int[] expect = out.shape();
        int ax = Shapes.axis(axis, expect.length);
        expect[ax] = rows;
        outShape("indexAdd (src)", src, expect, out);
        return ax;
    }

    static String str(int[] a) {
        return Arrays.toString(a);
    }
}
