package io.rldt.envs.mujoco;

import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MuJoCo's warning and error handlers are replaced: no MUJOCO_LOG.TXT, no stdin wait, fatal errors halt fast. */
@Tag("mujoco")
@RequiresMujoco
class ErrorHandlerTest {

    @Test
    void warningsAreCollectedAndWriteNoLogFile() throws Exception {
        MujocoTestSupport.assumeMujoco();
        Path log = Path.of("MUJOCO_LOG.TXT").toAbsolutePath();
        FileTime before = Files.exists(log) ? Files.getLastModifiedTime(log) : null;
        try (Hopper env = new Hopper()) {
            env.reset(0);
            double[] nan = {Double.NaN, 0, 0};
            StepResult r = env.step(nan);
            assertTrue(r.truncated());
            @SuppressWarnings("unchecked")
            List<String> warnings = (List<String>) r.info().get("mujoco_warnings");
            assertFalse(warnings.isEmpty(), "the warning upcall recorded nothing");
        }
        if (before == null) assertFalse(Files.exists(log), "MuJoCo wrote " + log);
        else assertEquals(before, Files.getLastModifiedTime(log), "MuJoCo appended to " + log);
    }

    /** mju_error in a child JVM: exits with FATAL_EXIT_STATUS at once, message on stderr, no log file, no stdin wait. */
    @Test
    void fatalErrorHaltsTheJvmWithAClearMessage(@TempDir Path dir) throws Exception {
        MujocoTestSupport.assumeMujoco();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), FatalErrorMain.class.getName())
                .directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        // stdin stays open: MuJoCo's default handler would block here waiting for Enter
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) p.destroyForcibly();
        assertTrue(finished, "child JVM hung (waiting on stdin?)");
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertEquals(MujocoNative.FATAL_EXIT_STATUS, p.exitValue(), "stderr: " + err);
        assertTrue(err.contains("MuJoCo fatal error: rldt test fatal error"), err);
        assertFalse(Files.exists(dir.resolve("MUJOCO_LOG.TXT")), "MuJoCo wrote MUJOCO_LOG.TXT");
    }
}
