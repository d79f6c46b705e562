package io.rldt.engine;

/**
 * Where a tensor's elements live: a heap {@code float[]} or a block of {@link Device.DeviceMemory}, never both.
 * Views of one tensor ({@link Tensor#reshape}) share one storage, so moving it moves every view.
 *
 * <p>Heap storage is today's fast path and stays that way: {@link Tensor#data()} reads one field. Device
 * storage moves to the heap only when the code asks ({@link Tensor#toHost()}, an explicit transfer) or reads
 * its elements on the host (an implicit transfer, which {@link Residency} counts per call site and a strict
 * device refuses). A moved storage keeps no link to the array it came from: after {@link Tensor#toDevice()},
 * writes to an array obtained earlier from {@link Tensor#data()} are no longer seen by the tensor.
 */
public final class Storage {
    /** The elements when on the heap, else null. Volatile: a move by another thread is seen whole. */
    volatile float[] heap;
    /** The elements when on a device, else null. */
    private Device.DeviceMemory memory;

    Storage(float[] heap) {
        this.heap = heap;
    }

    Storage(Device.DeviceMemory memory) {
        this.memory = memory;
    }

    /** Number of floats held (at least the size of every tensor over this storage). */
    public int length() {
        float[] a = heap;
        if (a != null) return a.length;
        synchronized (this) {
            return heap != null ? heap.length : memory.length();
        }
    }

    /** Element {@code index} without moving anything: on a device, a one-float implicit transfer. */
    synchronized float read(int index) {
        if (heap != null) return heap[index];
        Residency.toHost(memory.device(), 1, false);
        return memory.read(index);
    }

    /** True when the elements are on the JVM heap. */
    public boolean onHost() {
        return heap != null;
    }

    /** The heap array, or null when the elements are on a device. Does not move anything. */
    public float[] heapOrNull() {
        return heap;
    }

    /** The device memory, or null when the elements are on the heap. Does not move anything. */
    public synchronized Device.DeviceMemory memoryOrNull() {
        return memory;
    }

    /** The device the elements are on, or null for the heap. */
    public synchronized Device device() {
        return memory == null ? null : memory.device();
    }

    /** Moves the elements to the heap (no-op when there already); {@code explicit} says who asked. */
    synchronized float[] moveToHost(boolean explicit) {
        if (heap != null) return heap;
        Residency.toHost(memory.device(), memory.length(), explicit);
        float[] a = new float[memory.length()];
        memory.download(a);
        heap = a;
        memory = null;
        return a;
    }

    /** A copy of the first {@code n} elements on the heap, the storage staying where it is (explicit when on a device). */
    synchronized float[] download(int n) {
        float[] out = new float[n];
        if (heap != null) {
            System.arraycopy(heap, 0, out, 0, n);
        } else {
            Residency.toHost(memory.device(), n, true);
            memory.download(out);
        }
        return out;
    }

    /** Overwrites the first {@code values.length} elements where they are (an explicit upload on a device). */
    synchronized void upload(float[] values) {
        if (heap != null) {
            System.arraycopy(values, 0, heap, 0, values.length);
        } else {
            Residency.toDevice(memory.device(), values.length, true);
            memory.upload(values);
        }
    }

    /** Moves the elements to {@code device} (no-op when already there). Always an explicit transfer. */
    synchronized void moveToDevice(Device device) {
        if (memory != null && memory.device() == device) return;
        float[] a = heap != null ? heap : moveToHost(true);
        Device.DeviceMemory m = device.allocate(a.length);
        Residency.toDevice(device, a.length, true);
        m.upload(a);
        memory = m;
        heap = null;
    }
}
