package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.dataset.Datasets;
import io.rldt.core.dataset.StepDataset;
import io.rldt.core.train.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One smoke test per subcommand with tiny budgets, in-process: exit codes and the files each one writes. */
class CliSmokeTest {

    @Test
    void every_subcommand_has_help() {
        for (String sub : List.of("demo", "collect", "pretrain", "finetune", "eval", "plot", "config", "bench")) {
            Cli r = Cli.run(sub, "--help");
            assertEquals(0, r.code(), sub);
            assertTrue(r.out().contains("Usage: rldt " + sub), sub + ": " + r.out());
        }
        Cli top = Cli.run("--help");
        assertEquals(0, top.code());
        for (String sub : List.of("collect", "pretrain", "finetune", "eval", "plot", "config", "bench")) {
            assertTrue(top.out().contains(sub), top.out());
        }
    }

    @Test
    void pretrain_finetune_eval_plot_on_the_bandit(@TempDir Path tmp) throws IOException {
        Path pre = tmp.resolve("pre"), ft = tmp.resolve("ft"), ft2 = tmp.resolve("ft2");
        List<String> args = new ArrayList<>(List.of("pretrain", "--preset", "bandit", "--run-dir", pre.toString(), "-q"));
        args.addAll(Cli.sets(Cli.TINY_BANDIT));
        assertEquals(0, Cli.run(args).code());
        RunFiles p = new RunFiles(pre);
        assertTrue(Files.exists(p.pretrained()) && Files.exists(p.config()) && Files.exists(p.metadata()));

        for (Path dir : List.of(ft, ft2)) {
            args = new ArrayList<>(List.of("finetune", "--preset", "bandit", "--pretrained", pre.toString(), "--run-dir",
                    dir.toString(), "--seed", dir == ft ? "0" : "1", "-q"));
            args.addAll(Cli.sets(Cli.TINY_BANDIT));
            Cli r = Cli.run(args);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("BimodalBandit-v0: pretrained return"), r.out());
        }
        RunFiles f = new RunFiles(ft);
        for (Path x : List.of(f.config(), f.metadata(), f.pretrained(), f.checkpoint(), f.metricsCsv(), f.metricsJsonl(),
                f.summary(), f.learningCurve(), ft.resolve("particles.png"))) {
            assertTrue(Files.size(x) > 0, x + " missing");
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(p.pretrained()), Files.readAllBytes(f.pretrained()),
                "the given pretrained policy is the run's");
        // the saved config is the resolved one and parses back to the same record
        RldtConfig saved = ConfigToml.parse(Files.readString(f.config()));
        assertEquals(16, saved.policy().hidden());
        assertEquals(3, saved.loop().iterations());
        String meta = Files.readString(f.metadata());
        for (String key : List.of("\"java\"", "\"backend\"", "\"mujoco\"", "\"rldt\"")) assertTrue(meta.contains(key), meta);
        assertTrue(Files.readString(f.summary()).contains("\"final_return\""));

        Cli eval = Cli.run("eval", ft.toString(), "--episodes", "5", "--no-deterministic");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().matches("(?s).*return -?[0-9.]+ ± [0-9.]+ over 5 episodes.*"), eval.out());
        String json = Files.readString(ft.resolve("eval.json"));
        // one-step episodes; the bandit's mode shares; the sampler named
        assertTrue(json.contains("\"episode_lengths\": [1, 1, 1, 1, 1]") && json.contains("\"mode_share_left\""), json);
        assertTrue(eval.out().contains("stochastic x0 ~ N(0, I)") && eval.out().contains("left mode"), eval.out());
        assertTrue(json.contains("\"episodes\": 5") && json.contains("\"deterministic\": false")
                && json.contains("checkpoint"), json);
        Cli evalPre = Cli.run("eval", p.pretrained().toString(), "--preset", "bandit", "-n", "3", "-o",
                tmp.resolve("pre-eval.json").toString());
        assertEquals(0, evalPre.code(), evalPre.err());
        assertTrue(Files.readString(tmp.resolve("pre-eval.json")).contains("\"episodes\": 3"));

        Path png = tmp.resolve("cmp.png");
        Cli plot = Cli.run("plot", "--run", "rldt=" + ft + "," + ft2, "--run", "pretrained-only=" + ft,
                "--x", "train/env_steps", "--y", "eval/return_mean", "-o", png.toString());
        assertEquals(0, plot.code(), plot.err());
        assertTrue(Files.size(png) > 1000);
        assertTrue(plot.out().contains("rldt") && plot.out().contains("2 run(s)"), plot.out());
        Cli badColumn = Cli.run("plot", "--run", "rldt=" + ft, "--y", "eval/nope", "-o", png.toString());
        assertEquals(2, badColumn.code());
        assertTrue(badColumn.err().contains("no column 'eval/nope'"), badColumn.err());
    }

    @Test
    void collect_scripted_then_pretrain_and_finetune_from_the_dataset(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("pendulum.npz");
        Cli c = Cli.run("collect", "--policy", "scripted", "--preset", "pendulum", "--episodes", "2", "-o", data.toString());
        assertEquals(0, c.code(), c.err());
        StepDataset d = Datasets.load(data);
        assertEquals(400, d.size());
        assertEquals(2, d.trajectories());
        assertEquals(400, d.rewards().length);

        Path run = tmp.resolve("run");
        List<String> args = new ArrayList<>(List.of("finetune", "--preset", "pendulum", "--dataset", data.toString(),
                "--run-dir", run.toString()));
        args.addAll(Cli.sets(Cli.TINY_PENDULUM));
        Cli ft = Cli.run(args);
        assertEquals(0, ft.code(), ft.err());
        assertTrue(Files.readString(run.resolve("config.toml")).contains(data.toString()));
        assertTrue(ft.out().contains("[Pendulum-v1] itr   1  q_loss"), "one summary line per iteration: " + ft.out());

        // a fine-tuned policy rolls out into a dataset too
        Path again = tmp.resolve("again.npz");
        Cli c2 = Cli.run("collect", "--policy", run.toString(), "-n", "1", "--deterministic", "-o", again.toString(), "-q");
        assertEquals(0, c2.code(), c2.err());
        assertEquals(200, Datasets.load(again).size());
    }

    @Test
    void config_prints_resolved_toml_that_loads_back(@TempDir Path tmp) throws IOException {
        Cli r = Cli.run("config", "--preset", "bandit", "--set", "loop.iterations=7", "--seed", "3");
        assertEquals(0, r.code());
        RldtConfig cfg = ConfigToml.parse(r.out());
        assertEquals(ConfigToml.override(Presets.bandit(), List.of("loop.iterations=7")).withSeed(3), cfg);
        Path file = tmp.resolve("my.toml");
        Files.writeString(file, r.out());
        Cli again = Cli.run("finetune", "--config", file.toString(), "--preset", "bandit", "--print-config");
        assertEquals(0, again.code());
        assertEquals(r.out(), again.out());
    }

    @Test
    void bench_runs_the_script_or_says_it_is_missing(@TempDir Path tmp) throws IOException {
        Cli missing = Cli.run("bench", "--root", tmp.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no benchmark script jmh/run-benchmarks.sh"), missing.err());
        Files.createDirectories(tmp.resolve("jmh"));
        Files.writeString(tmp.resolve("jmh/run-benchmarks.sh"), "exit $(( $# + 3 ))\n");
        assertEquals(5, Cli.run("bench", "--root", tmp.toString(), "--", "a", "b").code());
    }

    @Test
    void eval_json_reports_d4rl_scores_for_locomotion() {
        assertTrue(EvalCommand.d4rl("Hopper-v4", 3234.3).endsWith("\"d4rl_normalized_score\": 100.0"));
        assertTrue(EvalCommand.d4rl("Walker2d-v4", 1.629008).endsWith("\"d4rl_normalized_score\": 0.0"));
        assertEquals("", EvalCommand.d4rl("Pendulum-v1", -200));
    }

    @Test
    void demo_with_a_tiny_budget(@TempDir Path tmp) throws IOException {
        List<String> args = new ArrayList<>(List.of("demo", "--no-pendulum", "--out", tmp.toString(), "-q"));
        args.addAll(Cli.sets(Cli.TINY_BANDIT));
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(tmp.resolve("bandit/particles.png")) > 0);
    }

    @Test
    void finetune_reinflow_on_gym_paper_takes_the_rates_of_the_env_it_runs_under_the_overrides() {
        Cli walker = Cli.run("finetune", "--algo", "reinflow", "--preset", "gym-paper", "--set", "task.env=Walker2d-v4",
                "--set", "ppo.criticMinLr=1e-3", "--print-config");
        assertEquals(0, walker.code(), walker.err());
        String out = walker.out();
        assertTrue(out.contains("env = \"Walker2d-v4\"") && out.contains("actorLr = 4.0E-4") && out.contains("criticLr = 0.004")
                && out.contains("criticWarmupIterations = 5") && out.contains("criticMinLr = 0.001"), out);
        assertTrue(out.substring(out.indexOf("[chain]")).contains("denoisingSteps = 4"), out);
    }

    @Test
    void finetune_algo_qam_applies_the_port_settings_under_the_overrides() {
        Cli qam = Cli.run("finetune", "--algo", "qam", "--preset", "hopper-cpu", "--set", "critic.rho=0.25", "--print-config");
        assertEquals(0, qam.code(), qam.err());
        assertTrue(qam.out().contains("algorithm = \"qam\"") && qam.out().contains("target = \"mean-std\"")
                && qam.out().contains("activation = \"relu\"") && qam.out().contains("rho = 0.25"), qam.out());
        Cli bad = Cli.run("finetune", "--algo", "nope", "--preset", "bandit");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--algo") && bad.err().contains("qam"), bad.err());
    }
}
