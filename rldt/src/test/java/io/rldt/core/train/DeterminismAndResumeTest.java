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
        assertEquals(reproducibleMetrics(tmp.resolve("a")), reproducibleMetrics(tmp.resolve("b")));
        assertEquals(summary(tmp.resolve("a")), summary(tmp.resolve("b")));
        assertSameTensors(tmp.resolve("a/checkpoint.safetensors"), tmp.resolve("b/checkpoint.safetensors"));
        // The machine's share: one timings.csv row per metrics row, with the iteration's wall time and heap peak.
        List<String> timings = Files.readAllLines(tmp.resolve("a/timings.csv"));
        assertTrue(timings.getFirst().contains("time/iteration_s") && timings.getFirst().contains("mem/peak_heap_mb"), timings.getFirst());
        assertEquals(Files.readAllLines(tmp.resolve("a/metrics.csv")).size(), timings.size());
        assertTrue(Files.readString(tmp.resolve("a/timings.json")).matches("\\{\n  \"seconds\": [0-9.]+\n}\n"));
    }

    @Test
    void a_different_seed_gives_a_different_run(@TempDir Path tmp) throws IOException {
        new Trainer(tiny(), tmp.resolve("a")).run();
        new Trainer(tiny().withSeed(99), tmp.resolve("b")).run();
        assertTrue(!reproducibleMetrics(tmp.resolve("a")).equals(reproducibleMetrics(tmp.resolve("b"))));
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
        assertEquals(reproducibleMetrics(straight), reproducibleMetrics(killed));
        assertSameTensors(straight.resolve("checkpoint.safetensors"), killed.resolve("checkpoint.safetensors"));
        // The summary of the resumed run covers the evaluations logged before the kill too.
        assertEquals(summary(straight), summary(killed));
    }

    /** summary.json, exactly: it holds no wall-clock field (timings.json has the seconds). */
    static String summary(Path dir) throws IOException {
        String json = Files.readString(dir.resolve("summary.json"));
        assertTrue(!json.contains("seconds"), json);
        return json;
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

    /**
     * metrics.jsonl and metrics.csv of a run, exactly as written: they hold no wall-clock or memory keys (those
     * go to timings.csv), so two runs of one seed must match byte for byte.
     */
    static List<String> reproducibleMetrics(Path dir) throws IOException {
        List<String> out = new ArrayList<>(Files.readAllLines(dir.resolve("metrics.jsonl")));
        out.addAll(Files.readAllLines(dir.resolve("metrics.csv")));
        for (String line : out) assertTrue(!line.contains("time/") && !line.contains("mem/"), "machine-dependent key in " + line);
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
