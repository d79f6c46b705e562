package io.rldt.core.train;

import static io.rldt.core.train.DeterminismAndResumeTest.assertSameTensors;
import static io.rldt.core.train.DeterminismAndResumeTest.reproducibleMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.SacConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAC runs are a function of their seed: two runs are bit-identical, a run killed with SIGKILL and resumed ends
 * bit-identical to an uninterrupted one (child JVM), and raising the budget of a finished run continues it
 * exactly. Pendulum-v1 with small networks: seconds.
 */
class SacTrainerTest {
    static final List<String> TINY = List.of("sac.hidden=32", "sac.batchSize=32", "sac.learningStarts=200",
            "sac.bufferSize=5000", "loop.totalSteps=1400", "loop.logEvery=100", "loop.evalEvery=200",
            "loop.evalEpisodes=2", "loop.checkpointEvery=200", "loop.snapshotEvery=400");

    static SacConfig tiny(int totalSteps) {
        return ConfigToml.override(SacConfig.preset("sac-pendulum"), TINY, SacConfig.class).withTotalSteps(totalSteps);
    }

    @Test
    void two_runs_with_one_seed_are_bit_identical_and_another_seed_differs(@TempDir Path tmp) throws IOException {
        new SacTrainer(tiny(1400), tmp.resolve("a")).run();
        new SacTrainer(tiny(1400), tmp.resolve("b")).run();
        new SacTrainer(tiny(1400).withSeed(5), tmp.resolve("c")).run();
        assertEquals(reproducibleMetrics(tmp.resolve("a")), reproducibleMetrics(tmp.resolve("b")));
        assertSameTensors(tmp.resolve("a/checkpoint.safetensors"), tmp.resolve("b/checkpoint.safetensors"));
        assertSameTensors(tmp.resolve("a/snapshots/actor_step00001200.safetensors"),
                tmp.resolve("b/snapshots/actor_step00001200.safetensors"));
        assertNotEquals(reproducibleMetrics(tmp.resolve("a")), reproducibleMetrics(tmp.resolve("c")));
        for (String f : List.of("config.toml", "metadata.json", "metrics.csv", "metrics.jsonl", "summary.json", "timings.csv",
                "learning_curve.png", "snapshots/actor_step00000000.safetensors")) {
            assertTrue(Files.exists(tmp.resolve("a").resolve(f)), f);
        }
        String metrics = Files.readString(tmp.resolve("a/metrics.csv"));
        for (String key : List.of("eval/return_mean", "sac/alpha", "sac/critic_loss", "sac/actor_loss", "sac/q1",
                "sac/entropy", "train/return_mean")) {
            assertTrue(metrics.contains(key), key);
        }
        assertTrue(!metrics.contains("time/"), "wall-clock keys stay out of metrics.csv");
        assertTrue(Files.readString(tmp.resolve("a/timings.csv")).startsWith("iteration,time/elapsed_s,time/steps_per_s"));
        assertTrue(Files.readString(tmp.resolve("a/timings.json")).contains("\"seconds\": "));
    }

    @Test
    void raising_the_budget_of_a_finished_run_continues_it_exactly(@TempDir Path tmp) throws IOException {
        new SacTrainer(tiny(1400), tmp.resolve("straight")).run();
        new SacTrainer(tiny(900), tmp.resolve("extended")).run();
        new SacTrainer(tiny(1400), tmp.resolve("extended")).run();
        assertEquals(reproducibleMetrics(tmp.resolve("straight")), reproducibleMetrics(tmp.resolve("extended")));
        assertSameTensors(tmp.resolve("straight/snapshots/actor_step00001200.safetensors"),
                tmp.resolve("extended/snapshots/actor_step00001200.safetensors"));
    }

    @Test
    void a_run_that_ended_with_a_full_buffer_continues_exactly(@TempDir Path tmp) throws IOException {
        // 800 steps = 4 Pendulum episodes: the last checkpoint sits at the end, the 800-transition buffer exactly
        // full (its position back at 0); a larger budget gives a larger buffer that continues it.
        new SacTrainer(tiny(1400), tmp.resolve("straight")).run();
        new SacTrainer(tiny(800), tmp.resolve("extended")).run();
        assertEquals(800, checkpointStep(tmp.resolve("extended")));
        new SacTrainer(tiny(1400), tmp.resolve("extended")).run();
        assertEquals(reproducibleMetrics(tmp.resolve("straight")), reproducibleMetrics(tmp.resolve("extended")));
        assertSameTensors(tmp.resolve("straight/checkpoint.safetensors"), tmp.resolve("extended/checkpoint.safetensors"));
    }

    @Test
    void a_run_directory_refuses_another_config(@TempDir Path tmp) throws IOException {
        new SacTrainer(tiny(300), tmp).run();
        SacConfig other = ConfigToml.override(tiny(300), List.of("sac.tau=0.01"), SacConfig.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SacTrainer(other, tmp).run());
        assertTrue(e.getMessage().contains("different config"), e.getMessage());
    }

    @Test
    void killed_run_resumes_bit_identically(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight"), killed = tmp.resolve("killed");
        List<String> longer = new ArrayList<>(TINY);
        longer.add("loop.totalSteps=2400");
        Process uninterrupted = child(straight, longer);
        assertTrue(uninterrupted.waitFor(180, TimeUnit.SECONDS), "uninterrupted child timed out");
        assertEquals(0, uninterrupted.exitValue(), () -> "uninterrupted child failed: " + DeterminismAndResumeTest.output(straight));

        Process p = child(killed, longer);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && checkpointStep(killed) < 800) Thread.sleep(20);
        assertTrue(p.isAlive(), "the child finished before it could be killed; make the run longer");
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(!Files.exists(killed.resolve("summary.json")), "the killed run must not have finished");

        Process resumed = child(killed, longer);
        assertTrue(resumed.waitFor(180, TimeUnit.SECONDS), "resumed child timed out");
        assertEquals(0, resumed.exitValue(), () -> "resumed child failed: " + DeterminismAndResumeTest.output(killed));
        assertTrue(DeterminismAndResumeTest.output(killed).contains("resuming at env step"));
        assertEquals(reproducibleMetrics(straight), reproducibleMetrics(killed));
        assertSameTensors(straight.resolve("checkpoint.safetensors"), killed.resolve("checkpoint.safetensors"));
        assertSameTensors(straight.resolve("snapshots/actor_step00002400.safetensors"),
                killed.resolve("snapshots/actor_step00002400.safetensors"));
    }

    static Process child(Path dir, List<String> sets) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Drldt.threads=1",
                "-cp", System.getProperty("java.class.path"), "io.rldt.core.cli.Main", "sac", "--preset", "sac-pendulum",
                "--run-dir", dir.toString()));
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    static long checkpointStep(Path dir) {
        Path f = dir.resolve("checkpoint.safetensors");
        if (!Files.exists(f)) return -1;
        try {
            return Long.parseLong(Safetensors.read(f).metadata().get("loop.step"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
