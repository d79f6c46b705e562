package io.rldt.core.train;

import io.rldt.engine.Backends;
import io.rldt.envs.mujoco.MujocoNative;
import io.rldt.kernels.TransportFields;
import java.time.Instant;

/** The versions and choices a run depends on, saved as {@code metadata.json} in every run directory. */
public final class RunMetadata {
    private RunMetadata() {}

    public static String json() {
        String mujoco;
        try {
            mujoco = MujocoNative.isAvailable() ? MujocoNative.versionString() : "unavailable: " + MujocoNative.unavailableReason();
        } catch (Throwable t) {
            mujoco = "unavailable: " + t;
        }
        return "{\n"
                + "  \"rldt\": \"" + esc(version()) + "\",\n"
                + "  \"java\": \"" + esc(System.getProperty("java.version")) + " (" + esc(System.getProperty("java.vm.name")) + ")\",\n"
                + "  \"os\": \"" + esc(System.getProperty("os.name") + " " + System.getProperty("os.arch")) + "\",\n"
                + "  \"cpus\": " + Runtime.getRuntime().availableProcessors() + ",\n"
                + "  \"cpu\": \"" + esc(cpuModel()) + "\",\n"
                + "  \"vector_bits\": " + io.rldt.engine.SimdBackend.vectorBits() + ",\n"
                + "  \"backend\": \"" + esc(Backends.current().name()) + "\",\n"
                + "  \"transport_field\": \"" + esc(TransportFields.choiceReason()) + "\",\n"
                + "  \"mujoco\": \"" + esc(mujoco) + "\",\n"
                + "  \"started\": \"" + Instant.now() + "\"\n"
                + "}\n";
    }

    /** The CPU's model name (Linux /proc/cpuinfo), or the architecture elsewhere: results depend on its vector width. */
    static String cpuModel() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (java.io.IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    /** The rldt-jvm version from the jar manifest, or the development version. */
    public static String version() {
        String v = RunMetadata.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
