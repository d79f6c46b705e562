package io.rldt.envs.mujoco;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Skips (with one line saying why) when MuJoCo or the reference models are missing. */
final class MujocoTestSupport {
    /** Overrides where Gymnasium's reference XML files are looked for. */
    static final String REFERENCE_ENV = "RLDT_MUJOCO_REFERENCE_DIR";

    private MujocoTestSupport() {}

    static void assumeMujoco() {
        Assumptions.assumeTrue(MujocoNative.isAvailable(), () -> "MuJoCo unavailable: " + MujocoNative.unavailableReason());
    }

    /**
     * Gymnasium's {@code name} (hopper.xml, ...) from {@code shared/data/mujoco}, found as {@code ../shared} of the
     * repository root or of any folder above the working directory (so worktrees work too).
     */
    static Path reference(String name) {
        assumeMujoco();
        String override = System.getenv(REFERENCE_ENV);
        if (override != null && Files.isRegularFile(Path.of(override, name))) return Path.of(override, name);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data/mujoco").resolve(name);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        Assumptions.abort("reference model " + name + " not found in ../shared/data/mujoco above "
                + Path.of("").toAbsolutePath() + " (set " + REFERENCE_ENV + ")");
        return null;
    }
}
