package io.rldt.autodiff.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rldt.engine.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our safetensors files against the independent pure-Python reader/writer in make_golden.py. */
class SafetensorsInteropTest {
    @TempDir Path dir;

    @Test
    void readsAFileWrittenByPython() throws IOException, URISyntaxException {
        Path f = Path.of(getClass().getResource("/golden/python_written.safetensors").toURI());
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(Map.of("writer", "make_golden.py"), c.metadata());
        assertArrayEquals(new int[] {2, 3}, c.tensors().get("a").shape());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, c.tensors().get("a").toArray());
        assertArrayEquals(new float[] {-1.5f}, c.tensors().get("b.c").toArray());
    }

    /** Runs the Python reader on a file we wrote; skipped where python3 with numpy is not installed. */
    @Test
    void pythonReadsAFileWeWrote() throws Exception {
        String python = "python3";
        Path script = Path.of("src/test/python/make_golden.py");
        assumeTrue(Files.exists(script), "the script is missing");
        Path f = dir.resolve("ours.safetensors");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        t.put("s", Tensor.scalar(0.5f));
        Safetensors.write(f, t, Map.of("step", "12"));
        // The script's --read mode needs numpy only; skip where python3 or numpy is absent.
        Process probe;
        try {
            probe = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
        } catch (IOException e) {
            probe = null;
        }
        assumeTrue(probe != null && probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "python3 with numpy not available");
        Process p = new ProcessBuilder(python, script.toString(), "--read", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
        assertEquals("{\"step\": \"12\"}\nw [3, 2] 21.000000\ns [] 0.500000\n", out);
    }
}
