package io.rldt.engine;

import java.util.Arrays;

/**
 * A dense float32 tensor, row-major and always contiguous, of rank 0 (scalar) up to 8.
 *
 * <p>A tensor is a shape over a {@link Storage} (a {@code float[]} on the heap, or device memory) that it may
 * share with other tensors ({@link #reshape} returns a view). Tensors carry no strides: a transpose is a primitive that writes a new tensor. This keeps
 * every backend loop simple and every buffer directly usable by BLAS-style kernels.
 *
 * <p>Mutability: the contents are mutable through {@link #set}, {@link #data()} and backend calls that take
 * this tensor as their output; the shape never changes.
 *
 * <p>Residency: the elements sit in a {@link Storage}, on the heap (the default) or on the {@link Device} of the
 * current backend when it has one. The factories ({@link #zeros}, {@link #of}, ...) allocate where the current
 * backend computes; {@link #wrap} always stays on the heap (it shares the caller's array). On a device tensor,
 * {@link #data()} and {@link #set} move the elements to the heap (an implicit transfer, counted by
 * {@link Residency}; a strict device throws instead), {@link #get} and {@link #item()} read one element and leave
 * the tensor where it is (also implicit), {@link #toArray()} copies them out (explicit), and {@link #toHost()} and
 * {@link #toDevice()} move them explicitly.
 */
public final class Tensor {
    /** Highest rank supported; enough for [batch, B, P, D] plus headroom. */
    public static final int MAX_RANK = 8;

    private final Storage storage;
    private final int[] shape;
    private final int size;

    private Tensor(float[] data, int[] shape) {
        this(new Storage(data), shape, data.length);
    }

    private Tensor(Storage storage, int[] shape, int length) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("rank " + shape.length + " exceeds the maximum " + MAX_RANK);
        }
        this.shape = shape.clone();
        this.size = Shapes.size(this.shape);
        if (length < size) {
            throw new IllegalArgumentException("data has " + length + " elements but shape "
                    + Shapes.str(shape) + " needs " + size);
        }
        this.storage = storage;
    }

    /** The device new tensors go to: the current backend's, or null for the heap. */
    private static Device placement() {
        return Backends.placement();
    }

    /** A tensor on {@code device} holding {@code values} (an explicit upload), or over them on the heap. */
    private static Tensor place(Device device, float[] values, int[] shape) {
        if (device == null) return new Tensor(values, shape);
        Device.DeviceMemory m = device.allocate(values.length);
        Residency.toDevice(device, values.length, true);
        m.upload(values);
        return new Tensor(new Storage(m), shape, values.length);
    }

    /** A new zero-filled tensor (its array recycled when a {@link Workspace} scope is open on this thread). */
    public static Tensor zeros(int... shape) {
        return zeros(placement(), shape);
    }

    /**
     * A tensor for an operation that writes every element before anything reads it (a product's output, the output
     * of an elementwise kernel): as {@link #zeros}, except that an array recycled by a {@link Workspace} keeps its
     * old contents instead of being zero-filled again (a wasted pass over the array; 4 % of a training iteration's
     * samples at two threads). Only for outputs written in full by the op that allocates them: with
     * {@code -Drldt.workspace.poison=true} (the test suite's setting) every such array starts as NaN instead, so an
     * element left unwritten shows up in the results.
     */
    public static Tensor forOverwrite(int... shape) {
        Device device = placement();
        if (device == null) return new Tensor(Workspace.allocate(Shapes.size(shape), false), shape);
        return zeros(device, shape);
    }

    private static Tensor zeros(Device device, int[] shape) {
        if (device == null) return new Tensor(Workspace.allocate(Shapes.size(shape), true), shape);
        int n = Shapes.size(shape);
        return new Tensor(new Storage(device.allocate(n)), shape, n);
    }

    /**
     * A new zero-filled tensor where the backend computes that never comes from a {@link Workspace} scope:
     * long-lived state (optimiser moments) that must outlive any scope open while it is created.
     */
    public static Tensor persistentZeros(int... shape) {
        Device device = placement();
        if (device == null) return new Tensor(new float[Shapes.size(shape)], shape);
        return zeros(device, shape);
    }

    /** A new zero-filled tensor on the heap whatever the backend: host-side buffers (replay, rollouts). */
    public static Tensor hostZeros(int... shape) {
        return new Tensor(new float[Shapes.size(shape)], shape);
    }

    /** A new tensor with every element equal to {@code value}. */
    public static Tensor full(float value, int... shape) {
        Device device = placement();
        Tensor t = zeros(device, shape);
        if (device == null) Arrays.fill(t.storage.heap, value);
        else Backends.current().fill(t, value); // filled where it lives: nothing crosses
        return t;
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(float value) {
        return place(placement(), new float[] {value}, new int[0]);
    }

    /** A new tensor holding a copy of {@code values}; the shape's size must equal {@code values.length}. */
    public static Tensor of(float[] values, int... shape) {
        checkLength(values.length, shape);
        Device device = placement();
        return place(device, device == null ? values.clone() : values, shape); // an upload copies anyway
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
        return place(placement(), f, shape);
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
     * must not allocate; writes are visible to every view of this tensor. On a device tensor this moves the
     * elements to the heap first (an implicit transfer: counted, or refused by a strict device).
     */
    public float[] data() {
        float[] a = storage.heap;
        return a != null ? a : storage.moveToHost(false);
    }

    /** Where the elements are: heap or device memory, shared with every view of this tensor. */
    public Storage storage() { return storage; }

    /** True when the elements are on the heap (always, unless a device backend created or moved them). */
    public boolean onHost() { return storage.onHost(); }

    /** Moves the elements to the heap, an announced transfer (no-op when there already). Returns this. */
    public Tensor toHost() {
        storage.moveToHost(true);
        return this;
    }

    /**
     * Moves the elements to the current backend's device, an announced transfer (no-op on a heap backend or
     * when already there). Returns this.
     */
    public Tensor toDevice() {
        Device device = placement();
        if (device != null) storage.moveToDevice(device);
        return this;
    }

    /** True when {@code other} has exactly this shape. */
    public boolean sameShape(Tensor other) { return Arrays.equals(shape, other.shape); }

    /** True when the shape equals {@code dims}. */
    public boolean hasShape(int... dims) { return Arrays.equals(shape, dims); }

    /** Element {@code index}. On a device: a one-float implicit transfer; the tensor stays there. */
    public float get(int... index) {
        float[] a = storage.heap;
        return a != null ? a[offset(index)] : storage.read(offset(index));
    }

    public void set(float value, int... index) { data()[offset(index)] = value; }

    /** The single value of a tensor with one element. */
    public float item() {
        if (size != 1) {
            throw new IllegalStateException("item() needs exactly one element, shape is " + Shapes.str(shape));
        }
        float[] a = storage.heap;
        return a != null ? a[0] : storage.read(0); // on a device: one float, implicit; the tensor stays there
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
        return new Tensor(storage, s, storage.length());
    }

    /** A deep copy with its own data, where this tensor's data is (a device copy stays on the device). */
    public Tensor copy() {
        Device.DeviceMemory m = storage.memoryOrNull();
        if (m == null) return new Tensor(Arrays.copyOf(data(), size), shape);
        Device.DeviceMemory c = m.device().allocate(size);
        c.copyFrom(m, size);
        return new Tensor(new Storage(c), shape, size);
    }

    /**
     * The elements as a new array of exactly {@code size()} floats. On a device this is an announced download
     * (counted as explicit; the tensor stays on its device).
     */
    public float[] toArray() {
        float[] a = storage.heap;
        return a != null ? Arrays.copyOf(a, size) : storage.download(size);
    }

    /**
     * Overwrites the first {@code values.length} elements (at most {@code size()}) with {@code values}: an array
     * copy on the heap, an announced upload on a device (the tensor stays there).
     */
    public Tensor assign(float[] values) {
        if (values.length > size) {
            throw new IllegalArgumentException("assign: " + values.length + " values into a tensor of shape "
                    + Shapes.str(shape) + " (" + size + " elements)");
        }
        float[] a = storage.heap;
        if (a != null) System.arraycopy(values, 0, a, 0, values.length);
        else storage.upload(values);
        return this;
    }

    /** The elements as doubles. */
    public double[] toDoubles() {
        float[] data = toArray();
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
        float[] data = storage.heap;
        if (data == null) return sb.append("on ").append(storage.device().name()).toString(); // debugging never syncs
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
