package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seed, threads and backend ⇒ bit-identical training; a run killed with SIGKILL part-way and resumed
 * from its last checkpoint ends bit-identical to an uninterrupted one (driven through a real child JVM).
 */
class DeterminismAndResumeTest {
    /** A tiny bandit run: seconds, but every part of the loop (eval, rollout, buffer, critic, actor, checkpoint). */
    static final List<String> TINY = List.of("loop.iterations=7", "loop.envs=16", "loop.evalEpisodes=16",
            "loop.rounds=2", "critic.stepsPerRound=3", "actor.stepsPerRound=2", "actor.trajectoryStride=2",
            "actor.startIteration=0", "pretrain.steps=40", "pretrain.batchSize=64", "policy.hidden=32",
            "critic.hidden=32", "critic.layers=2", "loop.checkpointEvery=1", "loop.bufferIterations=2");

    static RldtConfig tiny() {
        return ConfigToml.override(Presets.bandit(), TINY);
    }

    @Test
    void two_runs_with_one_seed_are_bit_identical(@TempDir Path tmp) throws IOException {
        new Trainer(tiny(), tmp.resolve("a")).run();
        new Trainer(tiny(), tmp.resolve("b")).run();
        assertEquals(metricsWithoutTimes(tmp.resolve("a")), metricsWithoutTimes(tmp.resolve("b")));
        assertSameTensors(tmp.resolve("a/checkpoint.safetensors"), tmp.resolve("b/checkpoint.safetensors"));
    }

    @Test
    void a_different_seed_gives_a_different_run(@TempDir Path tmp) throws IOException {
        new Trainer(tiny(), tmp.resolve("a")).run();
        new Trainer(tiny().withSeed(99), tmp.resolve("b")).run();
        assertTrue(!metricsWithoutTimes(tmp.resolve("a")).equals(metricsWithoutTimes(tmp.resolve("b"))));
    }

    @Test
    void killed_run_resumes_bit_identically(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight"), killed = tmp.resolve("killed");
        Process uninterrupted = child(straight);
        assertTrue(uninterrupted.waitFor(120, TimeUnit.SECONDS), "uninterrupted child timed out");
        assertEquals(0, uninterrupted.exitValue(), () -> "uninterrupted child failed: " + output(straight));

        Process p = child(killed);
        // Kill once a checkpoint after iteration 2 exists (mid-run: the run has 7 iterations plus a final eval).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !checkpointAfter(killed, 2)) Thread.sleep(20);
        assertTrue(p.isAlive(), "the child finished before it could be killed; make the run longer");
        p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no flushing
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(!Files.exists(killed.resolve("summary.json")), "killed run must not have finished");

        Process resumed = child(killed);
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "resumed child timed out");
        assertEquals(0, resumed.exitValue(), () -> "resumed child failed: " + output(killed));
        assertEquals(metricsWithoutTimes(straight), metricsWithoutTimes(killed));
        assertSameTensors(straight.resolve("checkpoint.safetensors"), killed.resolve("checkpoint.safetensors"));
        // The summary of the resumed run covers the evaluations logged before the kill too.
        assertEquals(summaryWithoutTime(straight), summaryWithoutTime(killed));
    }

    static String summaryWithoutTime(Path dir) throws IOException {
        return Files.readString(dir.resolve("summary.json")).replaceAll("\"seconds\": [^\n]*", "");
    }

    /** Starts {@code rldt finetune} on the tiny config in a fresh JVM with this test's classpath. */
    static Process child(Path dir) throws IOException {
        return child(dir, List.of());
    }

    /** {@link #child(Path)} with further {@code --set} overrides after the tiny ones. */
    static Process child(Path dir, List<String> extra) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "io.rldt.core.cli.Main", "finetune", "--preset", "bandit",
                "--run-dir", dir.toString(), "--quiet"));
        for (String s : TINY) {
            cmd.add("--set");
            cmd.add(s);
        }
        for (String s : extra) {
            cmd.add("--set");
            cmd.add(s);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    static String output(Path dir) {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static boolean checkpointAfter(Path dir, int iteration) {
        Path f = dir.resolve("checkpoint.safetensors");
        if (!Files.exists(f)) return false;
        try {
            String itr = Safetensors.read(f).metadata().get("loop.iteration");
            return itr != null && Integer.parseInt(itr) >= iteration;
        } catch (IOException | RuntimeException e) {
            return false; // being replaced right now; the rename is atomic, so the next look succeeds
        }
    }

    /** metrics.jsonl without the wall-clock and memory keys (the only machine-dependent values). */
    static List<String> metricsWithoutTimes(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            out.add(line.replaceAll(", \"(time|mem)/[^\"]*\": [^,}]*", ""));
        }
        return out;
    }

    static void assertSameTensors(Path a, Path b) throws IOException {
        Map<String, Tensor> ta = Safetensors.read(a).tensors(), tb = Safetensors.read(b).tensors();
        assertEquals(ta.keySet(), tb.keySet());
        for (String k : ta.keySet()) {
            assertTrue(Arrays.equals(ta.get(k).toArray(), tb.get(k).toArray()), "tensor " + k + " differs");
        }
    }
}
