package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.config.PolicyConfig;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.core.train.PretrainedPolicy;
import io.rldt.engine.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pretrained file records the task it was trained on: {@code eval} and {@code collect} of a lone file use it
 * when no preset is given, and {@code finetune --pretrained} refuses a file of another task with one line.
 */
class PretrainedEnvTest {

    /** A tiny Pendulum-v1 policy (observation 3, chunks of 2 actions), saved with or without its env id. */
    private static Path pendulumPolicy(Path dir, String env) throws IOException {
        PolicyConfig pc = new PolicyConfig(4, 16, 1, 8, 16, true);
        FlowPolicy policy = new FlowPolicy(new VelocityNet(3, 2, pc, new Rng(7)), pc.denoisingSteps());
        NormalizationStats stats = new NormalizationStats(new double[] {-1, -1, -8}, new double[] {1, 1, 8},
                new double[] {-2}, new double[] {2}, true);
        Path f = dir.resolve("pretrained.safetensors");
        new PretrainedPolicy(policy, stats, 0.5).save(f, 2, env);
        return f;
    }

    @Test
    void eval_of_a_lone_file_runs_on_the_task_it_was_trained_on(@TempDir Path tmp) throws IOException {
        Path f = pendulumPolicy(tmp, "Pendulum-v1");
        Path out = tmp.resolve("eval.json");
        // Without --preset the file's own task is used; an explicit preset of another task is refused.
        Cli ok = Cli.run("eval", f.toString(), "-n", "2", "-q", "-o", out.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(Files.readString(out).contains("\"env\": \"Pendulum-v1\""), Files.readString(out));
        ConfigErrorsTest.fails("pretrained policy " + f + " was trained on Pendulum-v1, but the task here is BimodalBandit-v0: "
                + "pick a preset for Pendulum-v1, e.g. --preset pendulum, or --set task.env=Pendulum-v1",
                "eval", f.toString(), "--preset", "bandit", "-n", "2");
    }

    @Test
    void finetune_refuses_a_pretrained_file_of_another_task(@TempDir Path tmp) throws IOException {
        Path f = pendulumPolicy(tmp, "Pendulum-v1");
        ConfigErrorsTest.fails("pretrained policy " + f + " was trained on Pendulum-v1, but the task here is Hopper-v4",
                "finetune", "--preset", "hopper-cpu", "--pretrained", f.toString(), "--run-dir", tmp.resolve("r").toString());
        assertTrue(!Files.exists(tmp.resolve("r/config.toml")), "nothing written for a refused start");
    }

    @Test
    void files_without_an_env_id_keep_working(@TempDir Path tmp) throws IOException {
        Path f = pendulumPolicy(tmp, null);
        Cli ok = Cli.run("eval", f.toString(), "-n", "2", "-q", "-o", tmp.resolve("e.json").toString());
        assertEquals(0, ok.code(), ok.out() + ok.err()); // falls back to the pendulum preset, as before
    }

    @Test
    void the_shipped_locomotion_policies_name_their_task() {
        for (String[] p : new String[][] {{"hopper", "Hopper-v4"}, {"walker2d", "Walker2d-v4"}, {"halfcheetah", "HalfCheetah-v4"}}) {
            Path f = Path.of("src/main/resources/io/rldt/policies/" + p[0] + "-medium-flow.safetensors");
            try {
                assertEquals(p[1], PolicyFiles.trainedEnv(f), f.toString());
                assertEquals(p[0] + "-cpu", PolicyFiles.presetFor(p[1]));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
