package io.rldt.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The device kernels' source: the files under {@code io/rldt/cuda/device/} in order, concatenated into one
 * translation unit ({@code core.cu} first: the argument block, the primitives, shared helpers). Compiled with
 * NVRTC by {@link CudaRuntime} and with the system C compiler by {@link EmulatedRuntime}.
 */
final class DeviceSource {
    /** The files, in compilation order; each group of named kernels has its own file. */
    static final List<String> FILES = List.of("core.cu", "autodiff.cu", "rldt.cu");

    private DeviceSource() {}

    /** The concatenated source, with a {@code #line} directive before each file so errors name it. */
    static String text() {
        StringBuilder sb = new StringBuilder();
        for (String f : FILES) sb.append(file(f));
        return sb.toString();
    }

    /** One file of the source, after a {@code #line} directive naming it. */
    static String file(String name) {
        try (InputStream in = DeviceSource.class.getResourceAsStream("device/" + name)) {
            if (in == null) throw new IllegalStateException("device source io/rldt/cuda/device/" + name + " is missing");
            return "#line 1 \"" + name + "\"\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
