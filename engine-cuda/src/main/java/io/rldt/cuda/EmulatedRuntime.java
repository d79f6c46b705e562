package io.rldt.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The device kernels run on the CPU: the same source the GPU runs ({@link DeviceSource}), compiled with the
 * system C compiler ({@code cc}, or {@code $RLDT_CC}) into a shared library, each kernel a loop over its work
 * items; memory is native memory (calloc), GEMM a plain double-accumulating loop. It exists to test the device
 * port without a GPU: the backend contract suite and a training iteration run on it, every kernel is checked
 * against its Java body, and a kernel that indexes wrongly fails here as it would on a GPU. It is slow (one core,
 * no vectorised GEMM); it is a check, not a backend to train with.
 *
 * <p>The library is built once per source text and cached under {@code java.io.tmpdir/rldt-device-emu/}.
 */
final class EmulatedRuntime implements DeviceRuntime {
    static final List<String> FLAGS = List.of("-x", "c", "-std=c11", "-O2", "-ffp-contract=off", "-fPIC", "-shared");
    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor KERNEL = FunctionDescriptor.ofVoid(ADDRESS);

    private static volatile EmulatedRuntime instance;
    private static volatile String unavailable;

    private final SymbolLookup lib;
    private final MethodHandle calloc, free, sgemm;
    private final ConcurrentHashMap<String, MethodHandle> kernels = new ConcurrentHashMap<>();

    /** The runtime, building the library on first use; throws {@link IllegalStateException} with the reason. */
    static EmulatedRuntime get() {
        EmulatedRuntime r = instance;
        if (r != null) return r;
        synchronized (EmulatedRuntime.class) {
            if (instance == null && unavailable == null) {
                try {
                    instance = new EmulatedRuntime(build(DeviceSource.text()));
                } catch (Exception | LinkageError e) {
                    unavailable = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            }
            if (instance == null) throw new IllegalStateException("emulated device unavailable: " + unavailable);
            return instance;
        }
    }

    /** Null when the library builds here, else why not (no C compiler, a compile error). */
    static String unavailableReason() {
        try {
            get();
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private EmulatedRuntime(Path library) {
        lib = SymbolLookup.libraryLookup(library, Arena.global());
        SymbolLookup libc = LINKER.defaultLookup();
        calloc = LINKER.downcallHandle(libc.find("calloc").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG));
        free = LINKER.downcallHandle(libc.find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));
        sgemm = LINKER.downcallHandle(lib.find("emu_sgemm").orElseThrow(), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_FLOAT, JAVA_LONG, JAVA_INT));
    }

    /** Compiles {@code source} (or finds it compiled before) and returns the library's path. */
    static Path build(String source) throws IOException, InterruptedException {
        String cc = System.getenv().getOrDefault("RLDT_CC", "cc");
        String hash;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(source.getBytes(StandardCharsets.UTF_8));
            md.update(String.join(" ", FLAGS).getBytes(StandardCharsets.UTF_8));
            hash = HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "rldt-device-emu");
        Files.createDirectories(dir);
        Path lib = dir.resolve("device-" + hash + ".so");
        if (Files.exists(lib)) return lib;
        Path src = Files.createTempFile(dir, "device-", ".c"), tmp = Files.createTempFile(dir, "device-", ".so.tmp");
        try {
            Files.writeString(src, source);
            List<String> cmd = new java.util.ArrayList<>(List.of(cc));
            cmd.addAll(FLAGS);
            cmd.addAll(List.of("-o", tmp.toString(), src.toString(), "-lm"));
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IllegalStateException("no C compiler '" + cc + "' to build the emulated device (install gcc or set RLDT_CC)");
            }
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("the device source does not compile with " + cc + ":\n" + log);
            }
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return lib;
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String name() {
        return "emulated";
    }

    private static MemorySegment at(long ptr, long bytes) {
        return MemorySegment.ofAddress(ptr).reinterpret(bytes);
    }

    @Override
    public long malloc(long bytes) {
        try {
            long p = ((MemorySegment) calloc.invokeExact(1L, Math.max(bytes, 1L))).address();
            if (p == 0) throw new OutOfMemoryError("emulated device: calloc(" + bytes + ") failed");
            return p;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void free(long ptr) {
        try {
            free.invokeExact(MemorySegment.ofAddress(ptr));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void zero(long ptr, long bytes) {
        at(ptr, bytes).fill((byte) 0);
    }

    @Override
    public void upload(float[] src, int n, long dst) {
        MemorySegment.copy(src, 0, at(dst, 4L * n), JAVA_FLOAT, 0, n);
    }

    @Override
    public void uploadInts(int[] src, int n, long dst) {
        MemorySegment.copy(src, 0, at(dst, 4L * n), JAVA_INT, 0, n);
    }

    @Override
    public void download(long src, float[] dst, int n) {
        MemorySegment.copy(at(src, 4L * n), JAVA_FLOAT, 0, dst, 0, n);
    }

    @Override
    public void copy(long src, long dst, long bytes) {
        MemorySegment.copy(at(src, bytes), 0, at(dst, bytes), 0, bytes);
    }

    @Override
    public void launch(String name, long n, MemorySegment args) {
        if (n <= 0) return;
        MethodHandle k = kernels.computeIfAbsent(name, f -> LINKER.downcallHandle(lib.find(f).orElseThrow(
                () -> new IllegalArgumentException("no device kernel '" + f + "' in the device source")), KERNEL));
        try {
            k.invokeExact(args);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void sgemm(boolean ta, boolean tb, int m, int n, int k, long a, long strideA, long b, long strideB,
                      float beta, long c, int batch) {
        try {
            sgemm.invokeExact(ta ? 1 : 0, tb ? 1 : 0, m, n, k, a, strideA, b, strideB, beta, c, batch);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
