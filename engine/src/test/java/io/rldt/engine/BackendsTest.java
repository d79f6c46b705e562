package io.rldt.engine;

import static io.rldt.engine.TensorAssert.assertThrowsNaming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void simdIsPreferredWhenTheVectorModuleIsPresent() {
        // surefire runs with --add-modules jdk.incubator.vector
        assertNull(Backends.simdUnavailableReason());
        assertEquals(List.of("jvm-simd", "jvm"), Backends.available().subList(0, 2));
        assertInstanceOf(SimdBackend.class, Backends.byName("jvm-simd"));
        assertEquals("jvm", Backends.byName("jvm").name());
        assertThrowsNaming(IllegalArgumentException.class, () -> Backends.byName("tpu"), "tpu", "jvm-simd", "jvm");
    }

    @Test
    void fallsBackToJvmAndSaysWhyWithoutTheVectorModule() throws Exception {
        String cp = Path.of(Backends.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(BackendsProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", cp,
                BackendsProbe.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("backend=jvm\n") || out.contains("backend=jvm" + System.lineSeparator()), out);
        assertTrue(out.contains("jvm-simd unavailable") && out.contains("jdk.incubator.vector"), out);
    }
}
