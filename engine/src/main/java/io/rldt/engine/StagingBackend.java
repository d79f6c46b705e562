package io.rldt.engine;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend whose tensors live on a {@link Device} and whose primitives are all staged: the operands are copied
 * from device memory to private heap arrays, a heap backend runs on them (the {@link JvmBackend reference} unless
 * the subclass picks another), and the arrays are written back, as a device port first runs. A subclass
 * overrides the primitives it can run on the device itself and calls the staged version (this class's) for the
 * rest and for operands that are not on its device, so the copies left are the ones it has not replaced, and
 * {@link #stagedFloats()} counts them.
 *
 * <p>Host operands of a primitive are implicit transfers ({@link Residency}): counted, or refused when the device
 * is strict. Staging inside a primitive is the backend's own work, not a transfer: it is counted only by
 * {@link #stagedFloats()}. With the reference as the staged backend, results equal {@code "jvm"} bit for bit
 * for every primitive that is staged.
 */
public class StagingBackend implements Backend {
    private final Backend heap;
    private final Device device;
    private final LongAdder stagedFloats = new LongAdder();

    /**
     * @param device where this backend's tensors live (its name is the backend's)
     * @param staged the heap backend that runs staged primitives ({@code "jvm"} for bit-identity with the
     *               reference, or a faster one)
     */
    protected StagingBackend(Device device, Backend staged) {
        if (staged.device() != null) {
            throw new IllegalArgumentException("staged backend " + staged.name() + " is not a heap backend");
        }
        this.device = device;
        this.heap = staged;
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public Device device() {
        return device;
    }

    /**
     * The memory under {@code t} when it is on this backend's device, else null (a host tensor, or another
     * device's). Element {@code i} of {@code t} is float {@code i} of the memory. Read it once per call and use
     * the returned object: another thread may move the tensor's storage meanwhile.
     */
    protected final Device.DeviceMemory resident(Tensor t) {
        Device.DeviceMemory m = t.storage().memoryOrNull();
        return m != null && m.device() == device ? m : null;
    }

    /** Floats copied between device memory and private arrays by staged primitives so far (in and out). */
    public final long stagedFloats() {
        return stagedFloats.sum();
    }

    /** Adds {@code floats} to {@link #stagedFloats()}: a subclass's own host round trips (host-drawn random numbers). */
    protected final void countStaged(long floats) {
        stagedFloats.add(floats);
    }

    // Every primitive: stage its operands (device memory -> private arrays; host operands are an implicit
    // transfer), run the heap backend, write the outputs back to device memory.

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        try (Staged s = new Staged(x, out)) { heap.unary(op, s.get(x), s.get(out)); }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        try (Staged s = new Staged(a, b, out)) { heap.binary(op, s.get(a), s.get(b), s.get(out)); }
    }

    @Override
    public void axpby(float alpha, Tensor x, float beta, Tensor y, Tensor out) {
        try (Staged s = new Staged(x, y, out)) { heap.axpby(alpha, s.get(x), beta, s.get(y), s.get(out)); }
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        try (Staged s = new Staged(x, out)) { heap.reduce(op, s.get(x), axes, s.get(out)); }
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out, boolean accumulate) {
        try (Staged s = new Staged(a, b, out)) {
            heap.matmul(s.get(a), transposeA, s.get(b), transposeB, s.get(out), accumulate);
        }
    }

    @Override
    public void permute(Tensor x, int[] perm, Tensor out) {
        try (Staged s = new Staged(x, out)) { heap.permute(s.get(x), perm, s.get(out)); }
    }

    @Override
    public void slice(Tensor x, int axis, int start, int end, Tensor out) {
        try (Staged s = new Staged(x, out)) { heap.slice(s.get(x), axis, start, end, s.get(out)); }
    }

    @Override
    public void sliceInto(Tensor src, int axis, int start, Tensor out, boolean accumulate) {
        try (Staged s = new Staged(src, out)) { heap.sliceInto(s.get(src), axis, start, s.get(out), accumulate); }
    }

    @Override
    public void concat(Tensor[] xs, int axis, Tensor out) {
        Tensor[] all = java.util.Arrays.copyOf(xs, xs.length + 1);
        all[xs.length] = out;
        try (Staged s = new Staged(all)) {
            Tensor[] inputs = new Tensor[xs.length];
            for (int i = 0; i < xs.length; i++) inputs[i] = s.get(xs[i]);
            heap.concat(inputs, axis, s.get(out));
        }
    }

    @Override
    public void indexSelect(Tensor x, int axis, int[] index, Tensor out) {
        try (Staged s = new Staged(x, out)) { heap.indexSelect(s.get(x), axis, index, s.get(out)); }
    }

    @Override
    public void indexAdd(Tensor src, int axis, int[] index, Tensor out) {
        try (Staged s = new Staged(src, out)) { heap.indexAdd(s.get(src), axis, index, s.get(out)); }
    }

    @Override
    public void fill(Tensor out, float value) {
        try (Staged s = new Staged(out)) { heap.fill(s.get(out), value); }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        try (Staged s = new Staged(src, dst)) { heap.copy(s.get(src), s.get(dst)); }
    }

    @Override
    public void randomNormal(Rng rng, float mean, float std, Tensor out) {
        try (Staged s = new Staged(out)) { heap.randomNormal(rng, mean, std, s.get(out)); }
    }

    @Override
    public void randomUniform(Rng rng, float low, float high, Tensor out) {
        try (Staged s = new Staged(out)) { heap.randomUniform(rng, low, high, s.get(out)); }
    }

    @Override
    public void kernel(HostKernel kernel, double[] p, Tensor out, Tensor... in) {
        Tensor[] all = java.util.Arrays.copyOf(in, in.length + 1);
        all[in.length] = out;
        try (Staged s = new Staged(all)) {
            Tensor[] inputs = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) inputs[i] = s.get(in[i]);
            heap.kernel(kernel, p, s.get(out), inputs);
        }
    }

    /**
     * The operands of one call as heap tensors: a device storage becomes a private array (one per storage, so
     * aliased operands stay aliased); a host storage is used in place, counted as an implicit transfer in and out
     * (refused on a strict device). Closing writes the private arrays back to device memory.
     */
    private final class Staged implements AutoCloseable {
        private final Map<Storage, float[]> arrays = new IdentityHashMap<>();
        private final Map<Storage, Device.DeviceMemory> memories = new IdentityHashMap<>();
        private final Map<Tensor, Tensor> views = new IdentityHashMap<>();

        Staged(Tensor... operands) {
            for (Tensor t : operands) {
                if (t == null) continue; // an optional kernel input
                Storage st = t.storage();
                float[] a = arrays.get(st);
                if (a == null) {
                    Device.DeviceMemory dm = st.memoryOrNull();
                    if (dm != null && dm.device() != device) {
                        throw new IllegalArgumentException(name() + ": a tensor of shape " + Shapes.str(t.shape())
                                + " is on another device (" + dm.device().name() + ")");
                    }
                    Device.DeviceMemory m = dm;
                    if (m == null) {
                        a = st.heapOrNull();
                        Residency.toDevice(device, a.length, false);
                    } else {
                        a = new float[m.length()];
                        m.download(a);
                        stagedFloats.add(a.length);
                        memories.put(st, m);
                    }
                    arrays.put(st, a);
                }
                views.put(t, Tensor.wrapPrefix(a, t.shape()));
            }
        }

        Tensor get(Tensor t) {
            return views.get(t);
        }

        @Override
        public void close() {
            memories.forEach((st, m) -> {
                m.upload(arrays.get(st));
                stagedFloats.add(m.length());
            });
        }
    }
}
