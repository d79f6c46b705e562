package io.rldt.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The CUDA driver API ({@code libcuda.so.1}), NVRTC and cuBLAS through the JDK's FFM API: the few calls this
 * module needs, on device 0's primary context. One process-wide instance ({@link #get()}); every call is
 * checked and a failure throws {@link CudaException} naming the call and CUDA's error string.
 *
 * <p>Why not the JavaCPP presets ({@code org.bytedeco:cuda}): see engine-cuda/README.md. In short, their JNI
 * wrappers are built against one CUDA minor release (13.1 for 1.5.13) and link every wrapped symbol, the GPU
 * machine has CUDA 13.0 libraries and no network, and nothing can be tried here without a GPU; the FFM route
 * needs no jar at all, binds only the ~25 functions used, and resolves them by name at run time.
 *
 * <p>Threads: CUDA's current context is per thread, so every public entry point makes the primary context
 * current first ({@link #bind()}). Not meant for concurrent use from several threads.
 */
public final class Cuda {
    private static final Logger LOG = Logger.getLogger(Cuda.class.getName());
    private static final Linker LINKER = Linker.nativeLinker();
    /** Heap arrays may be passed straight to memcpy calls (no staging copy); they are short and never call back. */
    private static final Linker.Option HEAP = Linker.Option.critical(true);

    private static volatile Cuda instance;
    private static volatile String unavailable;

    private final Arena arena = Arena.global();
    final String deviceName;
    final int ccMajor, ccMinor, driverVersion, nvrtcMajor, nvrtcMinor, cublasVersion;
    final Path nvrtcPath, cublasPath;
    private final MemorySegment ctx;
    private final MemorySegment cublas;

    // driver
    private final MethodHandle cuCtxSetCurrent, cuMemAlloc, cuMemFree, cuMemcpyHtoD, cuMemcpyDtoH, cuMemcpyHtoDInt,
            cuMemcpyDtoD, cuMemsetD8, cuModuleLoadData, cuModuleGetFunction, cuLaunchKernel, cuCtxSynchronize, cuGetErrorString;
    // nvrtc
    private final MethodHandle nvrtcCreateProgram, nvrtcCompileProgram, nvrtcGetProgramLogSize, nvrtcGetProgramLog,
            nvrtcGetCUBINSize, nvrtcGetCUBIN, nvrtcGetPTXSize, nvrtcGetPTX, nvrtcDestroyProgram, nvrtcGetErrorString;
    // cublas
    private final MethodHandle cublasSgemm, cublasSgemmStridedBatched;

    /** The process-wide instance; throws {@link CudaException} with the reason when CUDA is not usable. */
    public static Cuda get() {
        Cuda c = instance;
        if (c != null) return c;
        synchronized (Cuda.class) {
            if (instance != null) return instance;
            if (unavailable != null) throw new CudaException(unavailable);
            try {
                instance = new Cuda();
                return instance;
            } catch (Throwable t) {
                unavailable = describe(t);
                throw new CudaException(unavailable, t);
            }
        }
    }

    /** Null when a CUDA device, NVRTC and cuBLAS are usable here, else one line saying why not. */
    public static String unavailableReason() {
        try {
            get();
            return null;
        } catch (CudaException e) {
            return e.getMessage();
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof CudaException ce) return ce.getMessage();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private Cuda() throws Throwable {
        SymbolLookup drv;
        try {
            drv = SymbolLookup.libraryLookup("libcuda.so.1", arena);
        } catch (IllegalArgumentException e) {
            throw new CudaException("no CUDA driver: libcuda.so.1 not found by the system loader (no NVIDIA driver here)");
        }
        cuCtxSetCurrent = fn(drv, "cuCtxSetCurrent", JAVA_INT, ADDRESS);
        cuMemAlloc = fn(drv, "cuMemAlloc_v2", JAVA_INT, ADDRESS, JAVA_LONG);
        cuMemFree = fn(drv, "cuMemFree_v2", JAVA_INT, JAVA_LONG);
        cuMemcpyHtoD = fnHeap(drv, "cuMemcpyHtoD_v2", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG);
        cuMemcpyHtoDInt = cuMemcpyHtoD;
        cuMemcpyDtoH = fnHeap(drv, "cuMemcpyDtoH_v2", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
        cuMemcpyDtoD = fn(drv, "cuMemcpyDtoD_v2", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        cuMemsetD8 = fn(drv, "cuMemsetD8_v2", JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG);
        cuModuleLoadData = fn(drv, "cuModuleLoadData", JAVA_INT, ADDRESS, ADDRESS);
        cuModuleGetFunction = fn(drv, "cuModuleGetFunction", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuLaunchKernel = fn(drv, "cuLaunchKernel", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuCtxSynchronize = fn(drv, "cuCtxSynchronize", JAVA_INT);
        cuGetErrorString = fn(drv, "cuGetErrorString", JAVA_INT, JAVA_INT, ADDRESS);

        try (Arena a = Arena.ofConfined()) {
            MemorySegment i = a.allocate(JAVA_INT), i2 = a.allocate(JAVA_INT), p = a.allocate(ADDRESS);
            check("cuInit", (int) fn(drv, "cuInit", JAVA_INT, JAVA_INT).invokeExact(0));
            check("cuDriverGetVersion", (int) fn(drv, "cuDriverGetVersion", JAVA_INT, ADDRESS).invokeExact(i));
            driverVersion = i.get(JAVA_INT, 0);
            MethodHandle count = fn(drv, "cuDeviceGetCount", JAVA_INT, ADDRESS);
            check("cuDeviceGetCount", (int) count.invokeExact(i));
            if (i.get(JAVA_INT, 0) < 1) throw new CudaException("no CUDA device: the driver reports 0 devices");
            check("cuDeviceGet", (int) fn(drv, "cuDeviceGet", JAVA_INT, ADDRESS, JAVA_INT).invokeExact(i, 0));
            int dev = i.get(JAVA_INT, 0);
            MemorySegment name = a.allocate(256);
            check("cuDeviceGetName", (int) fn(drv, "cuDeviceGetName", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)
                    .invokeExact(name, 256, dev));
            deviceName = name.getString(0);
            MethodHandle attr = fn(drv, "cuDeviceGetAttribute", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
            check("cuDeviceGetAttribute", (int) attr.invokeExact(i, 75, dev)); // COMPUTE_CAPABILITY_MAJOR
            check("cuDeviceGetAttribute", (int) attr.invokeExact(i2, 76, dev)); // COMPUTE_CAPABILITY_MINOR
            ccMajor = i.get(JAVA_INT, 0);
            ccMinor = i2.get(JAVA_INT, 0);
            check("cuDevicePrimaryCtxRetain", (int) fn(drv, "cuDevicePrimaryCtxRetain", JAVA_INT, ADDRESS, JAVA_INT)
                    .invokeExact(p, dev));
            ctx = p.get(ADDRESS, 0);
        }
        bind();

        nvrtcPath = CudaLibraries.find(CudaLibraries.NVRTC).orElseThrow(() -> new CudaException(
                "NVRTC not found (libnvrtc.so.*): install the nvidia-cuda-nvrtc pip package or set RLDT_CUDA_LIB_PATH; searched "
                        + CudaLibraries.searchPath()));
        CudaLibraries.inDir(nvrtcPath.getParent(), CudaLibraries.NVRTC_BUILTINS)
                .ifPresent(b -> SymbolLookup.libraryLookup(b, arena)); // so NVRTC's dlopen finds it by soname
        SymbolLookup nv = SymbolLookup.libraryLookup(nvrtcPath, arena);
        nvrtcCreateProgram = fn(nv, "nvrtcCreateProgram", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        nvrtcCompileProgram = fn(nv, "nvrtcCompileProgram", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        nvrtcGetProgramLogSize = fn(nv, "nvrtcGetProgramLogSize", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetProgramLog = fn(nv, "nvrtcGetProgramLog", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetCUBINSize = fn(nv, "nvrtcGetCUBINSize", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetCUBIN = fn(nv, "nvrtcGetCUBIN", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetPTXSize = fn(nv, "nvrtcGetPTXSize", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcGetPTX = fn(nv, "nvrtcGetPTX", JAVA_INT, ADDRESS, ADDRESS);
        nvrtcDestroyProgram = fn(nv, "nvrtcDestroyProgram", JAVA_INT, ADDRESS);
        nvrtcGetErrorString = fn(nv, "nvrtcGetErrorString", ADDRESS, JAVA_INT);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment x = a.allocate(JAVA_INT), y = a.allocate(JAVA_INT);
            int r = (int) fn(nv, "nvrtcVersion", JAVA_INT, ADDRESS, ADDRESS).invokeExact(x, y);
            nvrtcMajor = r == 0 ? x.get(JAVA_INT, 0) : -1;
            nvrtcMinor = r == 0 ? y.get(JAVA_INT, 0) : -1;
        }

        cublasPath = CudaLibraries.find(CudaLibraries.CUBLAS).orElseThrow(() -> new CudaException(
                "cuBLAS not found (libcublas.so.*): install the nvidia-cublas pip package or set RLDT_CUDA_LIB_PATH; searched "
                        + CudaLibraries.searchPath()));
        CudaLibraries.inDir(cublasPath.getParent(), CudaLibraries.CUBLAS_LT)
                .ifPresent(lt -> SymbolLookup.libraryLookup(lt, arena));
        SymbolLookup cb = SymbolLookup.libraryLookup(cublasPath, arena);
        cublasSgemm = fn(cb, "cublasSgemm_v2", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        cublasSgemmStridedBatched = fn(cb, "cublasSgemmStridedBatched", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS,
                JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(ADDRESS), v = a.allocate(JAVA_INT);
            int r = (int) fn(cb, "cublasCreate_v2", JAVA_INT, ADDRESS).invokeExact(h);
            if (r != 0) throw new CudaException("cublasCreate_v2 failed with cublasStatus " + r + " (" + cublasPath + ")");
            cublas = h.get(ADDRESS, 0);
            r = (int) fn(cb, "cublasGetVersion_v2", JAVA_INT, ADDRESS, ADDRESS).invokeExact(cublas, v);
            cublasVersion = r == 0 ? v.get(JAVA_INT, 0) : -1;
        }
        LOG.info(this::describe);
    }

    /** One line: device, compute capability, driver, NVRTC and cuBLAS versions and paths. */
    public String describe() {
        return "CUDA device " + deviceName + " (sm_" + ccMajor + ccMinor + "), driver API " + driverVersion
                + ", NVRTC " + nvrtcMajor + "." + nvrtcMinor + " (" + nvrtcPath + "), cuBLAS " + cublasVersion
                + " (" + cublasPath + ")";
    }

    public String deviceName() {
        return deviceName;
    }

    // ---------------------------------------------------------------- binding helpers

    private static MethodHandle fn(SymbolLookup lib, String name, java.lang.foreign.MemoryLayout ret,
                                   java.lang.foreign.MemoryLayout... args) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new CudaException("symbol " + name + " not found"));
        return LINKER.downcallHandle(sym, ret == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(ret, args));
    }

    private static MethodHandle fnHeap(SymbolLookup lib, String name, java.lang.foreign.MemoryLayout ret,
                                       java.lang.foreign.MemoryLayout... args) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new CudaException("symbol " + name + " not found"));
        return LINKER.downcallHandle(sym, FunctionDescriptor.of(ret, args), HEAP);
    }

    private void check(String call, int result) {
        if (result == 0) return;
        String msg = "error " + result;
        if (cuGetErrorString != null) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocate(ADDRESS);
                int r = (int) cuGetErrorString.invokeExact(result, p);
                if (r == 0 && !p.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                    msg = p.get(ADDRESS, 0).reinterpret(256).getString(0) + " (" + result + ")";
                }
            } catch (Throwable ignored) {
                // keep the number
            }
        }
        throw new CudaException(call + " failed: " + msg, result);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new CudaException(t.toString(), t);
    }

    /** Makes the primary context current on the calling thread. */
    public void bind() {
        try {
            check("cuCtxSetCurrent", (int) cuCtxSetCurrent.invokeExact(ctx));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- memory

    /** Allocates {@code bytes} of device memory (uninitialised); returns the device pointer. */
    public long malloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_LONG);
            check("cuMemAlloc_v2(" + bytes + " bytes)", (int) cuMemAlloc.invokeExact(p, Math.max(4L, bytes)));
            return p.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void free(long dptr) {
        if (dptr == 0) return;
        try {
            check("cuMemFree_v2", (int) cuMemFree.invokeExact(dptr));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code dst[0..n) = src[off..off+n)} (synchronous). */
    public void upload(float[] src, int off, int n, long dst) {
        if (n == 0) return;
        try {
            MemorySegment s = MemorySegment.ofArray(src).asSlice(4L * off, 4L * n);
            check("cuMemcpyHtoD_v2", (int) cuMemcpyHtoD.invokeExact(dst, s, 4L * n));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code dst[off..off+n) = src[0..n)} (synchronous). */
    public void download(long src, float[] dst, int off, int n) {
        if (n == 0) return;
        try {
            MemorySegment d = MemorySegment.ofArray(dst).asSlice(4L * off, 4L * n);
            check("cuMemcpyDtoH_v2", (int) cuMemcpyDtoH.invokeExact(d, src, 4L * n));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code dst[0..n) = src[0..n)} for ints (synchronous). */
    public void uploadInts(int[] src, int n, long dst) {
        if (n == 0) return;
        try {
            MemorySegment s = MemorySegment.ofArray(src).asSlice(0, 4L * n);
            check("cuMemcpyHtoD_v2", (int) cuMemcpyHtoDInt.invokeExact(dst, s, 4L * n));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Device-to-device copy of {@code bytes} bytes, ordered after the work queued before it. */
    public void copy(long src, long dst, long bytes) {
        if (bytes == 0) return;
        try {
            check("cuMemcpyDtoD_v2", (int) cuMemcpyDtoD.invokeExact(dst, src, bytes));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets {@code bytes} bytes at {@code dptr} to zero. */
    public void zero(long dptr, long bytes) {
        if (bytes == 0) return;
        try {
            check("cuMemsetD8_v2", (int) cuMemsetD8.invokeExact(dptr, (byte) 0, bytes));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void synchronize() {
        try {
            check("cuCtxSynchronize", (int) cuCtxSynchronize.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- kernels

    /**
     * Compiles CUDA C with NVRTC for this device ({@code -arch=sm_XY}, CUBIN; PTX for {@code compute_XY} if the
     * NVRTC release does not know the device) and loads it.
     *
     * @return the module handle
     */
    public MemorySegment compile(String source, String name, String... extraOptions) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(ADDRESS);
            nvrtc("nvrtcCreateProgram", (int) nvrtcCreateProgram.invokeExact(prog, a.allocateFrom(source),
                    a.allocateFrom(name), 0, MemorySegment.NULL, MemorySegment.NULL));
            MemorySegment p = prog.get(ADDRESS, 0);
            try {
                String cc = "" + ccMajor + ccMinor;
                boolean cubin = compileWith(a, p, "-arch=sm_" + cc, extraOptions);
                if (!cubin) {
                    String log1 = log(a, p);
                    nvrtc("nvrtcDestroyProgram", (int) nvrtcDestroyProgram.invokeExact(prog));
                    nvrtc("nvrtcCreateProgram", (int) nvrtcCreateProgram.invokeExact(prog, a.allocateFrom(source),
                            a.allocateFrom(name), 0, MemorySegment.NULL, MemorySegment.NULL));
                    p = prog.get(ADDRESS, 0);
                    if (!compileWith(a, p, "-arch=compute_" + cc, extraOptions)) {
                        throw new CudaException("NVRTC could not compile " + name + ":\n" + log1 + "\n" + log(a, p));
                    }
                }
                MemorySegment size = a.allocate(JAVA_LONG);
                MemorySegment image;
                if (cubin) {
                    nvrtc("nvrtcGetCUBINSize", (int) nvrtcGetCUBINSize.invokeExact(p, size));
                    image = a.allocate(size.get(JAVA_LONG, 0) + 1);
                    nvrtc("nvrtcGetCUBIN", (int) nvrtcGetCUBIN.invokeExact(p, image));
                } else {
                    nvrtc("nvrtcGetPTXSize", (int) nvrtcGetPTXSize.invokeExact(p, size));
                    image = a.allocate(size.get(JAVA_LONG, 0) + 1);
                    nvrtc("nvrtcGetPTX", (int) nvrtcGetPTX.invokeExact(p, image));
                }
                bind();
                MemorySegment mod = a.allocate(ADDRESS);
                check("cuModuleLoadData(" + name + ")", (int) cuModuleLoadData.invokeExact(mod, image));
                return mod.get(ADDRESS, 0);
            } finally {
                int ignored = (int) nvrtcDestroyProgram.invokeExact(prog);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private boolean compileWith(Arena a, MemorySegment prog, String arch, String[] extra) throws Throwable {
        String[] opts = new String[extra.length + 2];
        opts[0] = arch;
        opts[1] = "--std=c++17";
        System.arraycopy(extra, 0, opts, 2, extra.length);
        MemorySegment arr = a.allocate(ADDRESS, opts.length);
        for (int i = 0; i < opts.length; i++) arr.setAtIndex(ADDRESS, i, a.allocateFrom(opts[i]));
        int r = (int) nvrtcCompileProgram.invokeExact(prog, opts.length, arr);
        return r == 0;
    }

    private String log(Arena a, MemorySegment prog) throws Throwable {
        MemorySegment size = a.allocate(JAVA_LONG);
        int r = (int) nvrtcGetProgramLogSize.invokeExact(prog, size);
        if (r != 0) return "(no log)";
        MemorySegment buf = a.allocate(size.get(JAVA_LONG, 0) + 1);
        r = (int) nvrtcGetProgramLog.invokeExact(prog, buf);
        return r == 0 ? buf.getString(0) : "(no log)";
    }

    private void nvrtc(String call, int result) throws Throwable {
        if (result == 0) return;
        MemorySegment s = (MemorySegment) nvrtcGetErrorString.invokeExact(result);
        throw new CudaException(call + " failed: " + s.reinterpret(256).getString(0) + " (" + result + ")");
    }

    /** A kernel of a loaded module. */
    public MemorySegment function(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(ADDRESS);
            check("cuModuleGetFunction(" + name + ")", (int) cuModuleGetFunction.invokeExact(f, module, a.allocateFrom(name)));
            return f.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Launches {@code fn} on a 1-D grid on the default stream. {@code args} are boxed kernel arguments:
     * {@link Long} (device pointers, 64-bit), {@link Integer}, {@link Float}, {@link Double}.
     */
    public void launch(MemorySegment fn, int blocks, int threads, int sharedBytes, Object... args) {
        if (blocks == 0) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment v;
                switch (args[i]) {
                    case Long l -> { v = a.allocate(JAVA_LONG); v.set(JAVA_LONG, 0, l); }
                    case Integer n -> { v = a.allocate(JAVA_INT); v.set(JAVA_INT, 0, n); }
                    case Float f -> { v = a.allocate(JAVA_FLOAT); v.set(JAVA_FLOAT, 0, f); }
                    case Double d -> { v = a.allocate(java.lang.foreign.ValueLayout.JAVA_DOUBLE); v.set(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0, d); }
                    default -> throw new IllegalArgumentException("kernel argument " + i + ": " + args[i].getClass());
                }
                params.setAtIndex(ADDRESS, i, v);
            }
            check("cuLaunchKernel", (int) cuLaunchKernel.invokeExact(fn, blocks, 1, 1, threads, 1, 1, sharedBytes,
                    MemorySegment.NULL, params, MemorySegment.NULL));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Launches {@code fn} with one argument, the struct {@code block} passed by value (its bytes are copied at
     * launch), on a 1-D grid on the default stream.
     */
    public void launchBlock(MemorySegment fn, int blocks, int threads, MemorySegment block) {
        if (blocks == 0) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ADDRESS);
            params.set(ADDRESS, 0, block);
            check("cuLaunchKernel", (int) cuLaunchKernel.invokeExact(fn, blocks, 1, 1, threads, 1, 1, 0,
                    MemorySegment.NULL, params, MemorySegment.NULL));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---------------------------------------------------------------- cuBLAS

    /**
     * Row-major {@code C[m,n] = op(A)·op(B) + beta·C} on device pointers, batched with element strides
     * (stride 0 broadcasts an operand). cuBLAS is column-major, so this computes {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}.
     */
    public void sgemm(boolean ta, boolean tb, int m, int n, int k, long a, long strideA, long b, long strideB,
                      float beta, long c, int batch) {
        int lda = ta ? m : k, ldb = tb ? k : n;
        try (Arena ar = Arena.ofConfined()) {
            MemorySegment alpha = ar.allocateFrom(JAVA_FLOAT, 1f), bet = ar.allocateFrom(JAVA_FLOAT, beta);
            int r;
            if (batch == 1) {
                r = (int) cublasSgemm.invokeExact(cublas, tb ? 1 : 0, ta ? 1 : 0, n, m, k, alpha, b, ldb, a, lda, bet, c, n);
            } else {
                r = (int) cublasSgemmStridedBatched.invokeExact(cublas, tb ? 1 : 0, ta ? 1 : 0, n, m, k, alpha,
                        b, ldb, strideB, a, lda, strideA, bet, c, n, (long) m * n, batch);
            }
            if (r != 0) throw new CudaException("cublasSgemm failed with cublasStatus " + r);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
