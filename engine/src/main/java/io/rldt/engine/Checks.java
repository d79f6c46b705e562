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

    static String str(int[] a) {
        return Arrays.toString(a);
    }
}
