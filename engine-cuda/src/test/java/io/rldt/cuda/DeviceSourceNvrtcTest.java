package io.rldt.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The device source compiles for the GPU: NVRTC (a compiler library that needs no driver or device) builds it for
 * the architectures the project meets (H100/H200: 90, A100: 80) with {@link CudaRuntime}'s options (and the heap
 * backend's {@link Kernels#SOURCE}, which shares core.cu, with its own), as PTX
 * ({@code compute_XY}) and as machine code ({@code sm_XY}, through the PTX assembler, which is what a GPU session
 * loads), so a GPU session never starts with a compile error. The emulated-device tests check what it computes. Skips
 * with one line when NVRTC is not found ({@link CudaLibraries}; CI installs the {@code nvidia-cuda-nvrtc} wheel).
 */
class DeviceSourceNvrtcTest {

    @ParameterizedTest
    @ValueSource(strings = {"cuda-device:compute_90", "cuda-device:compute_80", "cuda-device:sm_90",
        "cuda-device:sm_80", "cuda:sm_90", "cuda:compute_80"})
    void the_device_source_compiles_with_nvrtc(String sourceAndArch) throws Throwable {
        // cuda-device: the resident backend's source (DeviceSource); cuda: the heap backend's (Kernels, which
        // includes core.cu's elementwise definitions)
        boolean resident = sourceAndArch.startsWith("cuda-device:");
        String arch = sourceAndArch.substring(sourceAndArch.indexOf(':') + 1);
        String source = resident ? DeviceSource.text() : Kernels.SOURCE;
        String[] options = resident ? CudaRuntime.OPTIONS : Kernels.OPTIONS;
        Optional<Path> nvrtc = CudaLibraries.find(CudaLibraries.NVRTC);
        Assumptions.assumeTrue(nvrtc.isPresent(), () -> "NVRTC compile check skipped: libnvrtc.so.* not found in "
                + CudaLibraries.searchPath());
        Arena arena = Arena.global();
        CudaLibraries.inDir(nvrtc.get().getParent(), CudaLibraries.NVRTC_BUILTINS)
                .ifPresent(b -> SymbolLookup.libraryLookup(b, arena)); // NVRTC dlopens it by soname
        SymbolLookup nv = SymbolLookup.libraryLookup(nvrtc.get(), arena);
        Linker l = Linker.nativeLinker();
        MethodHandle create = l.downcallHandle(nv.find("nvrtcCreateProgram").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        MethodHandle compile = l.downcallHandle(nv.find("nvrtcCompileProgram").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        MethodHandle logSize = l.downcallHandle(nv.find("nvrtcGetProgramLogSize").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        MethodHandle log = l.downcallHandle(nv.find("nvrtcGetProgramLog").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        MethodHandle destroy = l.downcallHandle(nv.find("nvrtcDestroyProgram").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(ADDRESS);
            assertEquals(0, (int) create.invokeExact(prog, a.allocateFrom(source),
                    a.allocateFrom("rldt_device.cu"), 0, MemorySegment.NULL, MemorySegment.NULL));
            MemorySegment p = prog.get(ADDRESS, 0);
            String[] opts = new String[options.length + 2];
            opts[0] = "-arch=" + arch;
            opts[1] = "--std=c++17";
            System.arraycopy(options, 0, opts, 2, options.length);
            MemorySegment arr = a.allocate(ADDRESS, opts.length);
            for (int i = 0; i < opts.length; i++) arr.setAtIndex(ADDRESS, i, a.allocateFrom(opts[i]));
            int r = (int) compile.invokeExact(p, opts.length, arr);
            MemorySegment size = a.allocate(JAVA_LONG);
            int ignored = (int) logSize.invokeExact(p, size);
            MemorySegment buf = a.allocate(size.get(JAVA_LONG, 0) + 1);
            ignored = (int) log.invokeExact(p, buf);
            String text = buf.getString(0);
            ignored = (int) destroy.invokeExact(prog);
            assertEquals(0, r, () -> "NVRTC (" + nvrtc.get() + ", " + sourceAndArch + ") rejects the source:\n" + text);
        }
    }
}
