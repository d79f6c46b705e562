package io.rldt.engine;

import java.util.Arrays;

/**
 * A dense float32 tensor, row-major and always contiguous, of rank 0 (scalar) up to 8.
 *
 * <p>A tensor is a shape over a {@code float[]} that it may share with other tensors ({@link #reshape}
 * returns a view). Tensors carry no strides: a transpose is a primitive that writes a new tensor. This keeps
 * every backend loop simple and every buffer directly usable by BLAS-style kernels.
 *
 * <p>Mutability: the contents are mutable through {@link #set}, {@link #data()} and backend calls that take
 * this tensor as their output; the shape never changes.
 */
public final class Tensor {
    /** Highest rank supported; enough for [batch, B, P, D] plus headroom. */
    public static final int MAX_RANK = 8;

    private final float[] data;
    private final int[] shape;
    private final int size;

    private Tensor(float[] data, int[] shape) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("rank " + shape.length + " exceeds the maximum " + MAX_RANK);
        }
        this.shape = shape.clone();
        this.size = Shapes.size(this.shape);
        if (data.length < size) {
            throw new IllegalArgumentException("data has " + data.length + " elements but shape "
                    + Shapes.str(shape) + " needs " + size);
        }
        this.data = data;
    }

    /** A new zero-filled tensor (its array recycled when a {@link Workspace} scope is open on this thread). */
    public static Tensor zeros(int... shape) {
        return new Tensor(Workspace.allocate(Shapes.size(shape)), shape);
    }

    /** A new tensor with every element equal to {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0]);
    }

    /** A new tensor holding a copy of {@code values}; the shape's size must equal {@code values.length}. */
    public static Tensor of(float[] values, int... shape) {
        checkLength(values.length, shape);
        return new Tensor(values.clone(), shape);
    }

    /** A tensor over {@code values} without copying (changes to either are visible in both). */
    public static Tensor wrap(float[] values, int... shape) {
        checkLength(values.length, shape);
        return new Tensor(values, shape);
    }

    /**
     * A tensor over the first {@code shape}-size elements of {@code values}, which may be longer: a view of a
     * reused scratch buffer. Changes to either are visible in both.
     */
    public static Tensor wrapPrefix(float[] values, int... shape) {
        return new Tensor(values, shape);
    }

    /** A new tensor from doubles, rounded to float. */
    public static Tensor ofDoubles(double[] values, int... shape) {
        checkLength(values.length, shape);
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return new Tensor(f, shape);
    }

    private static void checkLength(int length, int[] shape) {
        int n = Shapes.size(shape);
        if (n != length) {
            throw new IllegalArgumentException("shape " + Shapes.str(shape) + " needs " + n
                    + " elements but " + length + " were given");
        }
    }

    public int rank() { return shape.length; }

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    /** Size of dimension {@code axis} (negative axes count from the end). */
    public int dim(int axis) { return shape[Shapes.axis(axis, shape.length)]; }

    /** Number of elements. */
    public int size() { return size; }

    /**
     * The backing array, row-major, elements {@code [0, size())}. Exposed for backends and hot loops that
     * must not allocate; writes are visible to every view of this tensor.
     */
    public float[] data() { return data; }

    /** True when {@code other} has exactly this shape. */
    public boolean sameShape(Tensor other) { return Arrays.equals(shape, other.shape); }

    /** True when the shape equals {@code dims}. */
    public boolean hasShape(int... dims) { return Arrays.equals(shape, dims); }

    public float get(int... index) { return data[offset(index)]; }

    public void set(float value, int... index) { data[offset(index)] = value; }

    /** The single value of a tensor with one element. */
    public float item() {
        if (size != 1) {
            throw new IllegalStateException("item() needs exactly one element, shape is " + Shapes.str(shape));
        }
        return data[0];
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has rank " + index.length
                    + " but the tensor has shape " + Shapes.str(shape));
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + Shapes.str(shape));
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    /**
     * A view with a new shape over the same data. One dimension may be {@code -1} and is inferred.
     * Throws when the element counts differ, naming both shapes.
     */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape " + Shapes.str(newShape) + ": two -1 dimensions");
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + Shapes.str(shape) + " to " + Shapes.str(newShape));
            }
            s[infer] = (int) (size / known);
        }
        if (Shapes.size(s) != size) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.str(shape) + " (" + size + " elements) to "
                    + Shapes.str(newShape) + " (" + Shapes.size(s) + " elements)");
        }
        return new Tensor(data, s);
    }

    /** A deep copy with its own data. */
    public Tensor copy() {
        return new Tensor(Arrays.copyOf(data, size), shape);
    }

    /** The elements as a new array of exactly {@code size()} floats. */
    public float[] toArray() {
        return Arrays.copyOf(data, size);
    }

    /** The elements as doubles. */
    public double[] toDoubles() {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) d[i] = data[i];
        return d;
    }

    /** Throws a clear error if this tensor's shape is not {@code expected}; {@code what} names it. */
    public Tensor requireShape(String what, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(what + ": expected shape " + Shapes.str(expected) + " but got "
                    + Shapes.str(shape));
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape)).append(' ');
        int n = Math.min(size, 16);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(data[i]);
        }
        if (size > n) sb.append(", ...");
        return sb.append(']').toString();
    }
}
