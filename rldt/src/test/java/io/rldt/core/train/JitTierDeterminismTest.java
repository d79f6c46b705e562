package io.rldt.core.train;

import static io.rldt.core.train.DeterminismAndResumeTest.assertSameTensors;
import static io.rldt.core.train.DeterminismAndResumeTest.reproducibleMetrics;
import static io.rldt.core.train.DeterminismAndResumeTest.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same short training in child JVMs that execute it in different tiers — interpreted only ({@code -Xint}),
 * C1 only ({@code -XX:TieredStopAtLevel=1}) and the default tiered C2 — gives bit-identical metrics and
 * checkpoints: no floating-point result may depend on when (or whether) the JIT compiles a loop.
 */
class JitTierDeterminismTest {
    static final List<String> TINY = List.of("loop.iterations=4", "loop.evalEvery=3", "loop.envs=8", "loop.evalEpisodes=8",
            "loop.rounds=1", "critic.stepsPerRound=2", "actor.stepsPerRound=2", "actor.trajectoryStride=2",
            "actor.startIteration=0", "pretrain.steps=20", "pretrain.batchSize=32", "policy.hidden=16",
            "critic.hidden=16", "critic.layers=2", "task.demoEpisodes=64", "loop.threads=1", "loop.checkpointEvery=1");

    @Test
    void interpreter_c1_and_c2_train_bit_identically(@TempDir Path tmp) throws Exception {
        List<String> tiers = List.of("default", "-XX:TieredStopAtLevel=1", "-Xint");
        for (String tier : tiers) {
            Path dir = tmp.resolve(tier.replaceAll("[^A-Za-z0-9]", ""));
            Process p = child(dir, tier);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), tier + " child timed out");
            assertEquals(0, p.exitValue(), () -> tier + " child failed: " + output(dir));
        }
        Path reference = tmp.resolve("default");
        for (String tier : tiers.subList(1, tiers.size())) {
            Path dir = tmp.resolve(tier.replaceAll("[^A-Za-z0-9]", ""));
            assertEquals(reproducibleMetrics(reference), reproducibleMetrics(dir), tier + " vs default: metrics");
            assertSameTensors(reference.resolve("checkpoint.safetensors"), dir.resolve("checkpoint.safetensors"));
        }
    }

    /** {@code rldt finetune} on the tiny bandit in a fresh JVM (same classpath) with {@code tier}'s JIT flags. */
    static Process child(Path dir, String tier) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-Drldt.threads=1"));
        if (!tier.equals("default")) cmd.add(tier);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.rldt.core.cli.Main", "finetune", "--preset",
                "bandit", "--run-dir", dir.toString(), "--quiet"));
        for (String s : TINY) {
            cmd.add("--set");
            cmd.add(s);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }
}
