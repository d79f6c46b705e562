package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration mistakes end with exit code 2 and one line naming the key, the value and what is allowed. */
class ConfigErrorsTest {

    static void fails(String expected, String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(expected), "stderr: " + r.err() + "\nexpected to contain: " + expected);
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void unknown_key() {
        fails("config key 'loop.iteratons' is unknown; known keys here: iterations, evalEvery",
                "config", "--set", "loop.iteratons=3");
        fails("config key 'lop' is unknown; known keys here: task, policy", "config", "--set", "lop.iterations=3");
    }

    @Test
    void bad_values(@TempDir Path tmp) {
        fails("config 'loop.iterations' = 0 is invalid: expected an integer >= 1", "config", "--set", "loop.iterations=0");
        fails("config 'loop.iterations' = many is invalid: expected an integer", "config", "--set", "loop.iterations=many");
        fails("config 'policy.timeEmbedding' = 7 is invalid: expected an even integer in 2..16384", "config", "--set", "policy.timeEmbedding=7");
        fails("config 'transport' = 3 is invalid: expected a table [transport]", "config", "--set", "transport=3");
        fails("override 'loop.iterations' is not of the form section.key=value", "config", "--set", "loop.iterations");
        fails("config 'preset' = hopper is invalid: expected one of [bandit, gym-paper, halfcheetah-cpu, hopper-cpu, mountaincar, pendulum, walker2d-cpu]", "config", "--preset", "hopper");
        fails("config 'task.demoSource' = fromthesky is invalid: expected an existing dataset file (.npz or .hdf5) "
                + "or a built-in source; here \"scripted\" for Pendulum-v1",
                "pretrain", "--set", "task.demoSource=fromthesky", "--run-dir", tmp.resolve("r").toString());
    }

    /** Every demoSource error for a task without built-in demonstrations ends at the way out: a dataset file. */
    @Test
    void demo_source_errors_lead_to_a_dataset(@TempDir Path tmp) {
        String wayOut = "a dataset file for HalfCheetah-v4: pass --dataset FILE, an .npz with states [N, O], actions [N, A] "
                + "and traj_lengths [T]";
        for (String source : new String[] {"scripted", "mixture", "fromthesky"}) {
            Cli r = Cli.run("pretrain", "--preset", "halfcheetah-cpu", "--set", "task.demoSource=" + source,
                    "--run-dir", tmp.resolve(source).toString());
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("config 'task.demoSource' = " + source + " is invalid: expected "), "out: " + r.out() + " err: " + r.err());
            assertTrue(r.err().contains(wayOut), "stderr: " + r.err());
            assertTrue(r.err().contains("rldt collect --policy POLICY -o FILE.hdf5") && r.err().contains("docs/datasets.md")
                    && r.err().contains("--pretrained FILE"), r.err());
            assertTrue(!r.err().contains("\tat "), r.err());
        }
        fails("--policy scripted: HalfCheetah-v4 has no built-in controller", "collect", "--policy", "scripted", "--preset",
                "halfcheetah-cpu", "-o", tmp.resolve("x.npz").toString());
        // A task with a built-in controller is pointed at it.
        fails("config 'task.demoSource' = mixture is invalid: expected \"scripted\" for Pendulum-v1 (mixture demonstrations "
                + "exist only for BimodalBandit-v0)", "pretrain", "--preset", "pendulum", "--set", "task.demoSource=mixture",
                "--run-dir", tmp.resolve("p").toString());
    }

    @Test
    void gym_paper_preset_asks_for_a_dataset(@TempDir Path tmp) {
        fails("config 'task.demoSource' = dataset is invalid: expected the path of a dataset file for Hopper-v4: pass --dataset FILE",
                "pretrain", "--preset", "gym-paper", "--set", "policy.hidden=8", "--run-dir", tmp.resolve("g").toString());
    }

    @Test
    void bad_config_file(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.toml");
        Files.writeString(f, "[loop]\niterations = 5\nrounds = -1\n");
        fails(f + ": config 'loop.rounds' = -1 is invalid: expected an integer in 0..100000", "config", "--config", f.toString());
        Files.writeString(f, "[critic]\nhiden = 5\n");
        fails("config key 'critic.hiden' is unknown", "config", "--config", f.toString());
        fails("config file " + tmp.resolve("none.toml") + " does not exist", "config", "--config", tmp.resolve("none.toml").toString());
    }

    @Test
    void bad_dataset_and_policy_paths(@TempDir Path tmp) throws IOException {
        Path junk = tmp.resolve("junk.npz");
        Files.writeString(junk, "not a zip");
        fails(junk + ": not a readable .npz (zip) archive", "pretrain", "--dataset", junk.toString(), "--run-dir",
                tmp.resolve("r").toString());
        fails("pretrained policy " + tmp.resolve("none.safetensors") + " does not exist", "finetune", "--pretrained",
                tmp.resolve("none.safetensors").toString(), "--run-dir", tmp.resolve("r2").toString());
        fails(tmp + " is not a run directory (no config.toml)", "eval", tmp.toString());
        fails("--run 'rldt' is not of the form METHOD=DIR[,DIR...]", "plot", "--run", "rldt");
    }
}
