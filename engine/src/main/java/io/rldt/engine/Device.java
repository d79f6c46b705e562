package io.rldt.engine;

/**
 * A place other than the JVM heap where a backend keeps tensor elements: off-heap native memory, a simulated
 * device, a GPU. A backend whose {@link Backend#device()} is non-null allocates the tensors it is current for
 * there ({@link Tensor#zeros} and the other factories), so a training step's values never leave it unless the
 * code moves them ({@link Tensor#toHost()}, {@link Tensor#toDevice()}) or reads them on the host, which
 * {@link Residency} counts (and forbids in strict mode).
 */
public interface Device {

    /** Short name used in messages and logs ({@code "sim-device"}). */
    String name();

    /** New zero-filled memory for {@code floats} elements. */
    DeviceMemory allocate(int floats);

    /**
     * True when an unannounced host access to this device's tensors throws instead of syncing: the
     * discipline check that proves a training step stays resident.
     */
    boolean strict();

    /** Memory of one {@link Device}: a block of floats that can be copied to and from the host. */
    interface DeviceMemory {
        Device device();

        /** Number of floats. */
        int length();

        /** Copies the first {@code dst.length} elements of this memory into {@code dst}. */
        void download(float[] dst);

        /** Element {@code index}. */
        float read(int index);

        /** Copies {@code src} into the first {@code src.length} elements of this memory. */
        void upload(float[] src);

        /** Copies the first {@code n} elements of {@code src} (same device) into this memory, on the device. */
        void copyFrom(DeviceMemory src, int n);
    }
}
