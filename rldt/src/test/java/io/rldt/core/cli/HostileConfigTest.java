package io.rldt.core.cli;

import static io.rldt.core.cli.ConfigErrorsTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values that passed validation and then exhausted memory, hung, or crashed with a stack trace. */
class HostileConfigTest {

    @Test
    void sizesThatCannotFitAreRefusedUpFront() {
        fails("config 'policy.hidden' = 1000000000 is invalid: expected an integer in 1..16384", "config", "--set",
                "policy.hidden=1000000000");
        fails("config 'critic.ensemble' = 1000000 is invalid: expected an integer in 1..256", "config", "--set",
                "critic.ensemble=1000000");
        fails("config 'task.maxEpisodeSteps' = 2000000000 is invalid: expected 0 (registry default) or a step count up to 1000000",
                "config", "--set", "task.maxEpisodeSteps=2000000000");
        fails("config 'transport.particles' = 100000 is invalid", "config", "--set", "transport.particles=100000");
        // within every bound, but not within the heap: refused with the estimate
        fails("config 'loop.envs' = 2000000000 is invalid: expected an integer in 1..16384", "config", "--set",
                "loop.envs=2000000000");
        fails("config needs at least", "config", "--set", "loop.envs=16384", "--set", "loop.chunkSteps=100000",
                "--set", "loop.bufferIterations=100");
        fails("trajectory buffer (loop.envs, loop.chunkSteps, loop.bufferIterations, task.horizon)", "config", "--set",
                "loop.envs=16384", "--set", "loop.chunkSteps=100000", "--set", "loop.bufferIterations=100");
        fails("critics (critic.ensemble, critic.hidden, critic.layers)", "config", "--set", "critic.ensemble=256",
                "--set", "critic.hidden=16384", "--set", "critic.layers=64");
    }

    @Test
    void sacSizes() {
        fails("config 'sac.hidden' = 1000000 is invalid: expected an integer in 1..16384", "sac", "--print-config",
                "--set", "sac.hidden=1000000");
        fails("config 'sac.bufferSize' = 2000000000 is invalid: expected an integer in 1..100000000", "sac",
                "--print-config", "--set", "sac.bufferSize=2000000000");
        fails("config 'task.maxEpisodeSteps' = 2000000000 is invalid", "sac", "--print-config", "--set",
                "task.maxEpisodeSteps=2000000000");
    }

    @Test
    void infinitiesAndTablesWhereNumbersAndIdsBelong() {
        fails("config 'actor.lr' = Infinity is invalid: expected a finite positive learning rate", "config", "--set", "actor.lr=inf");
        fails("config 'critic.lr' = Infinity is invalid", "config", "--set", "critic.lr=inf");
        fails("config 'critic.qMax' = -Infinity is invalid: expected a number or inf", "config", "--set", "critic.qMax=-inf");
        fails("config 'critic.qMax' = 3.0 is invalid: expected a number > critic.qMin (3.0)", "config", "--set",
                "critic.qMin=3", "--set", "critic.qMax=3");
        fails("config 'critic.qMin' = Infinity is invalid", "config", "--set", "critic.qMin=inf");
        fails("config 'task.env' = {a=1} is invalid: expected an environment id", "config", "--set", "task.env=\"{a=1}\"");
        fails("config 'task.env' = a table is invalid: expected a single value", "config", "--set", "task.env={a=1}");
    }

    @Test
    void badKeysAndFilesAreOneLine(@TempDir Path tmp) throws IOException {
        fails("override '.=1': '.' is not a key", "config", "--set", ".=1");
        fails("'a..b' is not a key", "config", "--set", "a..b=1");
        Path latin1 = tmp.resolve("latin1.toml");
        Files.write(latin1, new byte[] {'s', 'e', 'e', 'd', ' ', '=', ' ', '1', ' ', '#', ' ', (byte) 0xe9, '\n'});
        fails("is not UTF-8 text", "config", "--config", latin1.toString());
        fails("is not a regular file", "config", "--config", tmp.toString());
        fails("override for 'loop.envs' spans several lines", "config", "--set", "loop.envs=1\nseed = 3"); // no injected keys
    }

    @Test
    void setAcceptsTheLiteralsTomlAccepts(@TempDir Path tmp) throws IOException {
        Cli set = Cli.run("config", "--set", "loop.envs=1_6", "--set", "seed=+7", "--set", "pretrain.steps=0x10",
                "--set", "task.demoSource='lit'");
        assertEquals(0, set.code(), set.err());
        Path f = tmp.resolve("c.toml");
        Files.writeString(f, "seed = +7\n[loop]\nenvs = 1_6\n[pretrain]\nsteps = 0x10\n[task]\ndemoSource = 'lit'\n");
        Cli file = Cli.run("config", "--config", f.toString());
        assertEquals(0, file.code(), file.err());
        assertEquals(file.out(), set.out());
        assertTrue(set.out().contains("envs = 16") && set.out().contains("seed = 7") && set.out().contains("steps = 16"),
                set.out());
    }
}
