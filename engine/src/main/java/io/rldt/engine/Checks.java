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

    static String str(int[] a) {
        return Arrays.toString(a);
    }
}
