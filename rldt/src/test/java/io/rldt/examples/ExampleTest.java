package io.rldt.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example compiles (it is built with the tests), runs with a tiny budget, and is shown verbatim. */
class ExampleTest {

    @Test
    void custom_env_example_runs(@TempDir Path tmp) throws IOException {
        Trainer.Summary s = CustomEnvExample.run(tmp, List.of("loop.iterations=2", "loop.evalEvery=0", "loop.envs=2",
                "loop.chunkSteps=5", "loop.evalEpisodes=2", "loop.rounds=1", "critic.stepsPerRound=1",
                "actor.stepsPerRound=1", "pretrain.steps=10", "policy.hidden=16", "critic.hidden=16", "loop.threads=1"));
        assertTrue(Double.isFinite(s.finalReturn()));
        assertTrue(Files.exists(tmp.resolve("summary.json")) && Files.exists(tmp.resolve("checkpoint.safetensors")));
    }

    @Test
    void readme_shows_the_example_verbatim() throws IOException {
        String src = Files.readString(Path.of("src/test/java/io/rldt/examples/CustomEnvExample.java"));
        String body = src.substring(src.indexOf("public final class CustomEnvExample"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(body), "README.md must show CustomEnvExample.java (from the class declaration) verbatim");
    }
}
