package io.rldt.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Tensors in off-heap native memory ({@link MemorySegment}s), for backends whose native code reads that memory
 * in place. Every primitive is staged ({@link StagingBackend}); a subclass overrides the primitives it can run on
 * the memory itself ({@link #memory} gives it the memory).
 */
public class OffHeapBackend extends StagingBackend {

    /**
     * @param name   the backend's and its device's name
     * @param strict refuse unannounced host access to this device's tensors (else count it)
     */
    protected OffHeapBackend(String name, boolean strict) {
        this(name, strict, new JvmBackend());
    }

    /**
     * @param name   the backend's and its device's name
     * @param strict refuse unannounced host access to this device's tensors (else count it)
     * @param staged the heap backend that runs staged primitives ({@code "jvm"} for bit-identity with the
     *               reference, or a faster one)
     */
    protected OffHeapBackend(String name, boolean strict, Backend staged) {
        super(new OffHeapDevice(name, strict), staged);
    }

    /**
     * The off-heap memory under {@code t} when it is on this backend's device, else null (a host tensor, or
     * another device's). Element {@code i} of {@code t} is float {@code i} of its segment. Read it once per call
     * and use the returned object: another thread may move the tensor's storage meanwhile, and the memory (with
     * its attachment) stays valid as long as it is reachable.
     */
    protected final Memory memory(Tensor t) {
        return resident(t) instanceof Memory m ? m : null;
    }

    /** Off-heap memory, freed by the garbage collector with its tensors. */
    private static final class OffHeapDevice implements Device {
        private final String name;
        private final boolean strict;

        OffHeapDevice(String name, boolean strict) {
            this.name = name;
            this.strict = strict;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DeviceMemory allocate(int floats) {
            return new Memory(this, Arena.ofAuto().allocate((long) floats * Float.BYTES, 64), floats);
        }

        @Override
        public boolean strict() {
            return strict;
        }
    }

    /**
     * A block of off-heap floats (Arena.ofAuto memory is zero-filled, 64-byte aligned for vector loads, freed by
     * the garbage collector once the segment is unreachable), with one slot for a subclass's native handle on it.
     */
    public static final class Memory implements Device.DeviceMemory {
        private final OffHeapDevice device;
        private final MemorySegment segment;
        private final int length;
        private volatile Object attachment;

        private Memory(OffHeapDevice device, MemorySegment segment, int length) {
            this.device = device;
            this.segment = segment;
            this.length = length;
        }

        /**
         * What a subclass attached to this memory (a native library's wrapper of it, made once and kept for the
         * memory's lifetime), or null.
         */
        public Object attachment() {
            return attachment;
        }

        /** Attaches {@code handle} (replacing any earlier one); see {@link #attachment()}. */
        public void attach(Object handle) {
            attachment = handle;
        }

        @Override
        public Device device() {
            return device;
        }

        @Override
        public int length() {
            return length;
        }

        /** The floats; native code given its address must keep this segment reachable until it returns. */
        public MemorySegment segment() {
            return segment;
        }

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
            MemorySegment.copy(((Memory) src).segment, 0, segment, 0, (long) n * Float.BYTES);
        }
    }
}
