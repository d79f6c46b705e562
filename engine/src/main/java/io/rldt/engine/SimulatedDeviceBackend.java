package io.rldt.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A device that is not there: tensors live in off-heap native memory, and every primitive runs the
 * {@link JvmBackend reference} on private copies, as a GPU kernel would run on device memory. It exists to prove
 * residency without a GPU: with {@code strict}, any host access to a device tensor that the code did not announce
 * ({@link Tensor#toHost()}), and any host tensor handed to a primitive, throws with its call site
 * ({@link Residency}); without it, those transfers happen and are counted per call site. Results are
 * bit-identical to {@code "jvm"}, so a run on it can be compared with a run on the reference element for element.
 *
 * <p>Names {@code "sim-device"} (counting) and {@code "sim-device-strict"}. Slow by design (two copies per
 * operand per call); meant for tests and for finding the host accesses a device port must remove.
 */
public final class SimulatedDeviceBackend implements Backend {
    private final JvmBackend ref = new JvmBackend();
    private final SimDevice device;

    public SimulatedDeviceBackend(boolean strict) {
        this.device = new SimDevice(strict);
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public Device device() {
        return device;
    }

    // Every primitive: stage its operands (device memory -> private arrays; host operands are an implicit
    // transfer), run the reference, write the outputs back to device memory.

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        try (Staged s = new Staged(x, out)) { ref.unary(op, s.get(x), s.get(out)); }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        try (Staged s = new Staged(a, b, out)) { ref.binary(op, s.get(a), s.get(b), s.get(out)); }
    }

    @Override
    public void axpby(float alpha, Tensor x, float beta, Tensor y, Tensor out) {
        try (Staged s = new Staged(x, y, out)) { ref.axpby(alpha, s.get(x), beta, s.get(y), s.get(out)); }
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        try (Staged s = new Staged(x, out)) { ref.reduce(op, s.get(x), axes, s.get(out)); }
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out, boolean accumulate) {
        try (Staged s = new Staged(a, b, out)) {
            ref.matmul(s.get(a), transposeA, s.get(b), transposeB, s.get(out), accumulate);
        }
    }

    @Override
    public void permute(Tensor x, int[] perm, Tensor out) {
        try (Staged s = new Staged(x, out)) { ref.permute(s.get(x), perm, s.get(out)); }
    }

    @Override
    public void slice(Tensor x, int axis, int start, int end, Tensor out) {
        try (Staged s = new Staged(x, out)) { ref.slice(s.get(x), axis, start, end, s.get(out)); }
    }

    @Override
    public void sliceInto(Tensor src, int axis, int start, Tensor out, boolean accumulate) {
        try (Staged s = new Staged(src, out)) { ref.sliceInto(s.get(src), axis, start, s.get(out), accumulate); }
    }

    @Override
    public void concat(Tensor[] xs, int axis, Tensor out) {
        Tensor[] all = java.util.Arrays.copyOf(xs, xs.length + 1);
        all[xs.length] = out;
        try (Staged s = new Staged(all)) {
            Tensor[] staged = new Tensor[xs.length];
            for (int i = 0; i < xs.length; i++) staged[i] = s.get(xs[i]);
            ref.concat(staged, axis, s.get(out));
        }
    }

    @Override
    public void indexSelect(Tensor x, int axis, int[] index, Tensor out) {
        try (Staged s = new Staged(x, out)) { ref.indexSelect(s.get(x), axis, index, s.get(out)); }
    }

    @Override
    public void indexAdd(Tensor src, int axis, int[] index, Tensor out) {
        try (Staged s = new Staged(src, out)) { ref.indexAdd(s.get(src), axis, index, s.get(out)); }
    }

    @Override
    public void fill(Tensor out, float value) {
        try (Staged s = new Staged(out)) { ref.fill(s.get(out), value); }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        try (Staged s = new Staged(src, dst)) { ref.copy(s.get(src), s.get(dst)); }
    }

    @Override
    public void randomNormal(Rng rng, float mean, float std, Tensor out) {
        try (Staged s = new Staged(out)) { ref.randomNormal(rng, mean, std, s.get(out)); }
    }

    @Override
    public void randomUniform(Rng rng, float low, float high, Tensor out) {
        try (Staged s = new Staged(out)) { ref.randomUniform(rng, low, high, s.get(out)); }
    }

    @Override
    public void kernel(HostKernel kernel, double[] p, Tensor out, Tensor... in) {
        Tensor[] all = java.util.Arrays.copyOf(in, in.length + 1);
        all[in.length] = out;
        try (Staged s = new Staged(all)) {
            Tensor[] staged = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) staged[i] = s.get(in[i]);
            kernel.body().run(s.get(out), staged, p);
        }
    }

    /**
     * The operands of one call as heap tensors: a device storage becomes a private array (one per storage, so
     * aliased operands stay aliased); a host storage is used in place, counted as an implicit transfer in and out
     * (refused on a strict device). Closing writes the private arrays back to device memory.
     */
    private final class Staged implements AutoCloseable {
        private final Map<Storage, float[]> arrays = new IdentityHashMap<>();
        private final Map<Storage, SimMemory> memories = new IdentityHashMap<>();
        private final Map<Tensor, Tensor> views = new IdentityHashMap<>();

        Staged(Tensor... operands) {
            for (Tensor t : operands) {
                if (t == null) continue; // an optional kernel input
                Storage st = t.storage();
                float[] a = arrays.get(st);
                if (a == null) {
                    SimMemory m = (SimMemory) st.memoryOrNull();
                    if (m != null && m.device() != device) {
                        throw new IllegalArgumentException(name() + ": a tensor of shape " + Shapes.str(t.shape())
                                + " is on another device (" + m.device().name() + ")");
                    }
                    if (m == null) {
                        a = st.heapOrNull();
                        Residency.toDevice(device, a.length, false);
                    } else {
                        a = new float[m.length()];
                        m.download(a);
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
            memories.forEach((st, m) -> m.upload(arrays.get(st)));
        }
    }

    /** The simulated device: off-heap memory, freed by the garbage collector with its tensors. */
    private static final class SimDevice implements Device {
        private final boolean strict;

        SimDevice(boolean strict) {
            this.strict = strict;
        }

        @Override
        public String name() {
            return strict ? "sim-device-strict" : "sim-device";
        }

        @Override
        public DeviceMemory allocate(int floats) {
            return new SimMemory(this, Arena.ofAuto().allocate((long) floats * Float.BYTES, Float.BYTES), floats);
        }

        @Override
        public boolean strict() {
            return strict;
        }
    }

    /** A block of off-heap floats (Arena.ofAuto memory is zero-filled). */
    private record SimMemory(SimDevice device, MemorySegment segment, int length) implements Device.DeviceMemory {
        @Override
        public void download(float[] dst) {
            MemorySegment.copy(segment, ValueLayout.JAVA_FLOAT, 0, dst, 0, dst.length);
        }

        @Override
        public float read(int index) {
            return segment.getAtIndex(ValueLayout.JAVA_FLOAT, index);
        }

        @Override
        public void upload(float[] src) {
            MemorySegment.copy(src, 0, segment, ValueLayout.JAVA_FLOAT, 0, src.length);
        }

        @Override
        public void copyFrom(Device.DeviceMemory src, int n) {
            MemorySegment.copy(((SimMemory) src).segment, 0, segment, 0, (long) n * Float.BYTES);
        }
    }
}
