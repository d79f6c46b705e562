package io.rldt.cuda;

import java.lang.foreign.MemorySegment;

/**
 * What {@link ResidentBackend} needs from a device: raw memory, copies, kernel launches by name and a GEMM.
 * Two implementations: {@link CudaRuntime} (a GPU through the driver API, NVRTC and cuBLAS) and
 * {@link EmulatedRuntime} (the same kernel source compiled for the CPU and run as loops), so the device port's
 * logic is tested where there is no GPU. Pointers are opaque 64-bit addresses of the device's memory.
 */
interface DeviceRuntime {

    /** Short name for logs ({@code "cuda"}, {@code "emulated"}). */
    String name();

    /** {@code bytes} of device memory (contents undefined); {@link OutOfMemoryError} when the device has no more. */
    long malloc(long bytes);

    void free(long ptr);

    /** Sets {@code bytes} bytes at {@code ptr} to zero. */
    void zero(long ptr, long bytes);

    /** Copies {@code n} floats from {@code src[0..n)} to the device. */
    void upload(float[] src, int n, long dst);

    /** Copies {@code n} ints from {@code src[0..n)} to the device. */
    void uploadInts(int[] src, int n, long dst);

    /** Copies {@code n} floats from the device to {@code dst[0..n)} (waits for the work queued before it). */
    void download(long src, float[] dst, int n);

    /** Copies {@code bytes} bytes between two device addresses, in queue order. */
    void copy(long src, long dst, long bytes);

    /**
     * Runs kernel {@code name} of the device source on {@code n} work items with the argument block {@code args}
     * ({@link DeviceArgs}); the block may be reused as soon as this returns.
     */
    void launch(String name, long n, MemorySegment args);

    /**
     * Row-major {@code C[m,n] = op(A)·op(B) + beta·C} per batch on device pointers, element strides (0 broadcasts
     * an operand).
     */
    void sgemm(boolean ta, boolean tb, int m, int n, int k, long a, long strideA, long b, long strideB, float beta,
               long c, int batch);
}
