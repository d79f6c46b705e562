package io.rldt.envs.mujoco;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed layout table matches the installed headers and library. */
@Tag("mujoco")
class MjLayoutTest {

    @Test
    void tableVersionMatchesLibrary() {
        MujocoTestSupport.assumeMujoco();
        assertEquals(MujocoNative.version(), MjLayout.load().version());
        assertEquals("2.2.2", MujocoNative.versionString());
    }

    @Test
    void tableParsesAndHasTheFieldsTheEnvsUse() {
        MjLayout l = MjLayout.load();
        for (String f : new String[] {"qpos0", "body_mass", "body_inertia", "jnt_range", "actuator_gear",
                "actuator_ctrlrange", "geom_size"}) {
            assertEquals(MjLayout.Type.MJTNUM, l.modelArray(f).type(), f);
        }
        for (String f : new String[] {"qpos", "qvel", "ctrl"}) assertEquals("1", l.dataArray(f).cols(), f);
        assertEquals("nuser_body", l.modelArray("body_user").cols());
        assertEquals(0, l.modelInt("nq"));
    }

    /** Regenerates the table with gcc from envs-bridge/tools/mjlayout.c and compares it with the committed one. */
    @Test
    void regeneratedTableEqualsCommittedTable(@TempDir Path tmp) throws Exception {
        Path source = Path.of("tools/mjlayout.c").toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(source), "generator not found at " + source);
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("/usr/include/mujoco/mjxmacro.h")),
                "MuJoCo headers (libmujoco-dev) not installed");
        Path exe = tmp.resolve("mjlayout");
        Process cc;
        try {
            cc = new ProcessBuilder("gcc", "-std=c11", "-I/usr/include", source.toString(), "-o", exe.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("gcc not available: " + e.getMessage());
            return;
        }
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS), "gcc timed out");
        String ccOut = new String(cc.getInputStream().readAllBytes());
        assertEquals(0, cc.exitValue(), "gcc failed: " + ccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        byte[] out = run.getInputStream().readAllBytes();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue());
        MjLayout fresh = MjLayout.parse(new ByteArrayInputStream(out));
        assertEquals(fresh.entries(), MjLayout.load().entries(),
                "the committed mjlayout.properties is stale; regenerate it (see envs-bridge/tools/mjlayout.c)");
    }
}
