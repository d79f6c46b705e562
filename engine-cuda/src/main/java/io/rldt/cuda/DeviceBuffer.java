package io.rldt.cuda;

/** A grow-only float buffer in device memory (capacity doubles; never shrinks). Not thread-safe. */
final class DeviceBuffer implements AutoCloseable {
    private final Cuda cuda;
    private long ptr;
    private long capacity; // floats

    DeviceBuffer(Cuda cuda) {
        this.cuda = cuda;
    }

    /** The device pointer of a buffer holding at least {@code floats} floats (contents lost on growth). */
    long ensure(long floats) {
        if (floats > capacity || ptr == 0) {
            cuda.free(ptr);
            ptr = 0;
            long cap = Math.max(floats, Math.max(1024, capacity * 2));
            ptr = cuda.malloc(4 * cap);
            capacity = cap;
        }
        return ptr;
    }

    /** Uploads {@code src[off..off+n)} to the start of the buffer; returns the pointer. */
    long load(float[] src, int off, int n) {
        long p = ensure(n);
        cuda.upload(src, off, n, p);
        return p;
    }

    @Override
    public void close() {
        cuda.free(ptr);
        ptr = 0;
        capacity = 0;
    }
}
