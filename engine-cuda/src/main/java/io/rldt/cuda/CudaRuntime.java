package io.rldt.cuda;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DeviceRuntime} on a GPU: {@link Cuda}'s driver calls, the device source compiled once with NVRTC (with
 * {@code --fmad=false} and IEEE division and square root, so floats round as the Java bodies do), 256 threads per
 * block, cuBLAS for GEMM. Every entry point binds the primary context to the calling thread.
 *
 * <p>Copies between the heap and the device first wait for the queued work ({@code cuCtxSynchronize}, an ordinary
 * call): the copies themselves are bound as critical FFM calls (heap arrays passed in place), during which the JVM
 * cannot reach a safepoint, so they must not wait for a queue of kernels. With {@code -Drldt.cuda.sync=true} every
 * launch is followed by a synchronisation, so that a kernel's fault is reported at its launch, naming it (launches
 * are asynchronous: otherwise a fault surfaces at a later call, and the context stays broken).
 */
final class CudaRuntime implements DeviceRuntime {
    private static final boolean SYNC = Boolean.getBoolean("rldt.cuda.sync");
    static final int THREADS = 256;
    /** NVRTC options for the device source (the architecture is added per device). */
    static final String[] OPTIONS = {"--fmad=false", "-prec-div=true", "-prec-sqrt=true", "-diag-suppress=177"};
    private static volatile CudaRuntime instance;

    private final Cuda cuda;
    private final MemorySegment module;
    private final ConcurrentHashMap<String, MemorySegment> functions = new ConcurrentHashMap<>();

    private CudaRuntime(Cuda cuda) {
        this.cuda = cuda;
        this.module = cuda.compile(DeviceSource.text(), "rldt_device.cu", OPTIONS);
    }

    /** The process-wide runtime (compiles the device source on first use); throws {@link CudaException}. */
    static CudaRuntime get() {
        CudaRuntime r = instance;
        if (r == null) {
            synchronized (CudaRuntime.class) {
                if (instance == null) instance = new CudaRuntime(Cuda.get());
                r = instance;
            }
        }
        return r;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public long malloc(long bytes) {
        cuda.bind();
        try {
            return cuda.malloc(bytes);
        } catch (CudaException e) {
            if (e.code() == CudaException.OUT_OF_MEMORY) throw new OutOfMemoryError("GPU: " + e.getMessage()); // DevicePool retries
            throw e;
        }
    }

    @Override
    public void free(long ptr) {
        cuda.bind();
        cuda.free(ptr);
    }

    @Override
    public void zero(long ptr, long bytes) {
        cuda.bind();
        cuda.zero(ptr, bytes);
    }

    @Override
    public void upload(float[] src, int n, long dst) {
        cuda.bind();
        cuda.synchronize();
        cuda.upload(src, 0, n, dst);
    }

    @Override
    public void uploadInts(int[] src, int n, long dst) {
        cuda.bind();
        cuda.synchronize();
        cuda.uploadInts(src, n, dst);
    }

    @Override
    public void download(long src, float[] dst, int n) {
        cuda.bind();
        cuda.synchronize();
        cuda.download(src, dst, 0, n);
    }

    @Override
    public void copy(long src, long dst, long bytes) {
        cuda.bind();
        cuda.copy(src, dst, bytes);
    }

    @Override
    public void launch(String name, long n, MemorySegment args) {
        if (n <= 0) return;
        long blocks = (n + THREADS - 1) / THREADS;
        if (blocks > Integer.MAX_VALUE) throw new IllegalArgumentException(name + ": " + n + " work items is too many for one launch");
        cuda.bind();
        try {
            MemorySegment fn = functions.computeIfAbsent(name, f -> cuda.function(module, f));
            cuda.launchBlock(fn, (int) blocks, THREADS, args);
            if (SYNC) cuda.synchronize();
        } catch (CudaException e) {
            throw new CudaException("device kernel " + name + " (" + n + " work items): " + e.getMessage(), e);
        }
    }

    @Override
    public void sgemm(boolean ta, boolean tb, int m, int n, int k, long a, long strideA, long b, long strideB,
                      float beta, long c, int batch) {
        cuda.bind();
        cuda.sgemm(ta, tb, m, n, k, a, strideA, b, strideB, beta, c, batch);
    }
}
