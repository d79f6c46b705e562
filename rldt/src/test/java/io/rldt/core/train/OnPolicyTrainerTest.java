package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.config.ConfigException;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.config.OnPolicyPresets;
import io.rldt.core.config.Presets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The on-policy trainer's guarantees for every baseline on a tiny Pendulum run: bit-identical reruns, exact
 * resume after a crash at a checkpoint (in process) and after SIGKILL (a child JVM through the CLI), clear config
 * errors, RLDT's config.toml untouched.
 */
class OnPolicyTrainerTest {
    /** Pendulum, 2 envs × 30 chunk steps (episodes of 50 chunks run across iterations), 6 iterations, every 3rd evaluates. */
    static final List<String> TINY = List.of("loop.iterations=6", "loop.evalEvery=3", "loop.envs=2", "loop.chunkSteps=30",
            "loop.evalEpisodes=2", "loop.checkpointEvery=1", "pretrain.steps=30", "pretrain.batchSize=32",
            "policy.hidden=16", "ppo.valueHidden=16", "ppo.minibatchSize=64", "ppo.epochs=2", "task.demoEpisodes=2");

    static OnPolicyConfig tiny(String algo) {
        return ConfigToml.override(OnPolicyPresets.get(algo, "pendulum"), TINY, OnPolicyConfig.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reinflow", "dppo", "fpo"})
    void reruns_are_bit_identical_and_a_crashed_run_resumes_exactly(String algo, @TempDir Path tmp) throws IOException {
        new OnPolicyTrainer(tiny(algo), tmp.resolve("a")).run();
        new OnPolicyTrainer(tiny(algo), tmp.resolve("b")).run();
        List<String> a = DeterminismAndResumeTest.reproducibleMetrics(tmp.resolve("a"));
        assertEquals(a, DeterminismAndResumeTest.reproducibleMetrics(tmp.resolve("b")));
        DeterminismAndResumeTest.assertSameTensors(tmp.resolve("a/checkpoint.safetensors"), tmp.resolve("b/checkpoint.safetensors"));
        assertTrue(a.stream().anyMatch(l -> l.contains("actor/approx_kl")), "training iterations logged");

        // Crash right after the checkpoint of iteration 2 (a training iteration), then resume in a new trainer.
        Path crashed = tmp.resolve("crashed");
        TrainerCallback crash = new TrainerCallback() {
            @Override public void onCheckpoint(int iteration, Path file) {
                if (iteration == 2) throw new IllegalStateException("simulated crash");
            }
        };
        assertThrows(IllegalStateException.class, () -> new OnPolicyTrainer(tiny(algo), crashed).addCallback(crash).run());
        new OnPolicyTrainer(tiny(algo), crashed).run();
        assertEquals(a, DeterminismAndResumeTest.reproducibleMetrics(crashed));
        DeterminismAndResumeTest.assertSameTensors(tmp.resolve("a/checkpoint.safetensors"), crashed.resolve("checkpoint.safetensors"));
        assertEquals(DeterminismAndResumeTest.summary(tmp.resolve("a")), DeterminismAndResumeTest.summary(crashed));

        new OnPolicyTrainer(tiny(algo).withSeed(7), tmp.resolve("c")).run();
        assertNotEquals(a, DeterminismAndResumeTest.reproducibleMetrics(tmp.resolve("c")));
    }

    @Test
    void killed_cli_run_resumes_bit_identically(@TempDir Path tmp) throws Exception {
        List<String> sets = new ArrayList<>(TINY);
        sets.set(0, "loop.iterations=12");
        Path straight = tmp.resolve("straight"), killed = tmp.resolve("killed");
        Process p0 = child(straight, sets);
        assertTrue(p0.waitFor(180, TimeUnit.SECONDS), "uninterrupted child timed out");
        assertEquals(0, p0.exitValue(), () -> DeterminismAndResumeTest.output(straight));
        Process p = child(killed, sets);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && !DeterminismAndResumeTest.checkpointAfter(killed, 4)) Thread.sleep(10);
        assertTrue(p.isAlive(), "the child finished before it could be killed");
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(!Files.exists(killed.resolve("summary.json")));
        Process resumed = child(killed, sets);
        assertTrue(resumed.waitFor(180, TimeUnit.SECONDS), "resumed child timed out");
        assertEquals(0, resumed.exitValue(), () -> DeterminismAndResumeTest.output(killed));
        assertEquals(DeterminismAndResumeTest.reproducibleMetrics(straight), DeterminismAndResumeTest.reproducibleMetrics(killed));
        DeterminismAndResumeTest.assertSameTensors(straight.resolve("checkpoint.safetensors"), killed.resolve("checkpoint.safetensors"));
    }

    static Process child(Path dir, List<String> sets) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "io.rldt.core.cli.Main", "finetune", "--algo", "reinflow",
                "--preset", "pendulum", "--run-dir", dir.toString(), "--quiet"));
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    @Test
    void config_errors_name_the_field_the_value_and_the_expectation() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigToml.override(tiny("reinflow"), List.of("ppo.clipRatio=2"), OnPolicyConfig.class));
        assertTrue(e.getMessage().contains("ppo.clipRatio") && e.getMessage().contains("2") && e.getMessage().contains("(0, 1)"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> OnPolicyPresets.get("ppo", "pendulum"));
        assertTrue(e.getMessage().contains("reinflow"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigToml.override(tiny("dppo"), List.of("chain.fineTunedSteps=99"), OnPolicyConfig.class));
        assertTrue(e.getMessage().contains("chain.fineTunedSteps"), e.getMessage());
    }

    @Test
    void the_baseline_config_round_trips_and_leaves_rldt_configs_alone() {
        OnPolicyConfig c = tiny("fpo");
        assertEquals(c, ConfigToml.parse(ConfigToml.write(c), OnPolicyConfig.class));
        String rldt = ConfigToml.write(Presets.pendulum());
        assertTrue(!rldt.contains("[ppo]") && !rldt.contains("\nalgo ="), "RLDT's TOML has no baseline section");
    }

    /**
     * A run directory is compared as RLDT's: a config.toml without a key added later still resumes, a failed
     * start's config.toml is replaced, and a run that trained refuses another config.
     */
    @Test
    void config_toml_resume_rules_are_rldts(@TempDir Path tmp) throws IOException {
        Path failed = tmp.resolve("failed");
        Files.createDirectories(failed);
        Files.writeString(failed.resolve("config.toml"), ConfigToml.write(tiny("dppo").withSeed(9)));
        new OnPolicyTrainer(tiny("dppo"), failed).run();                  // nothing trained there: replaced
        assertEquals(ConfigToml.write(tiny("dppo")), Files.readString(failed.resolve("config.toml")));

        String toml = Files.readString(failed.resolve("config.toml"));
        String older = toml.replaceFirst("(?m)^valueHidden = .*\\R", ""); // a run written before ppo.valueHidden existed
        assertNotEquals(toml, older);
        Files.writeString(failed.resolve("config.toml"), older);
        new OnPolicyTrainer(tiny("dppo"), failed).run();                  // same run: resumes (already complete)
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OnPolicyTrainer(tiny("dppo").withSeed(7), failed).run());
        assertTrue(e.getMessage().contains("different config"), e.getMessage());
    }

    /** Tasks that define success (MountainCar reaching the goal) log eval/success_rate, as RLDT runs do; others do not. */
    @Test
    void evaluations_log_the_success_rate_where_the_task_defines_one(@TempDir Path tmp) throws IOException {
        List<String> sets = new ArrayList<>(TINY);
        sets.set(0, "loop.iterations=1");
        OnPolicyConfig mc = ConfigToml.override(OnPolicyPresets.get("dppo", "mountaincar"), sets, OnPolicyConfig.class);
        new OnPolicyTrainer(mc, tmp.resolve("mc")).run();
        assertTrue(Files.readString(tmp.resolve("mc/metrics.csv")).lines().findFirst().orElseThrow().contains("eval/success_rate"));
        OnPolicyConfig pendulum = ConfigToml.override(OnPolicyPresets.get("dppo", "pendulum"), sets, OnPolicyConfig.class);
        new OnPolicyTrainer(pendulum, tmp.resolve("p")).run();
        assertTrue(!Files.readString(tmp.resolve("p/metrics.csv")).contains("success"));
    }
}
