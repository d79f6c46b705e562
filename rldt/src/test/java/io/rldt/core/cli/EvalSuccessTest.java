package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval} reports the success rate of tasks that define one (MountainCar: reaching the goal), and only there. */
class EvalSuccessTest {

    private static Path pretrain(Path dir, String preset) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--preset", preset, "--run-dir", dir.toString(), "-q"));
        args.addAll(Cli.sets(List.of("pretrain.steps=10", "pretrain.batchSize=16", "policy.hidden=16", "task.demoEpisodes=3",
                "loop.threads=1")));
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), r.out() + r.err());
        return dir;
    }

    @Test
    void mountaincar_eval_line_and_json_carry_the_success_rate(@TempDir Path tmp) throws IOException {
        Path run = pretrain(tmp.resolve("mc"), "mountaincar");
        Cli eval = Cli.run("eval", run.toString(), "-n", "4", "-q");
        assertEquals(0, eval.code(), eval.err());
        Matcher m = Pattern.compile("success ([0-9.]+)% \\((\\d)/4\\); deterministic x0 = 0").matcher(eval.out());
        assertTrue(m.find(), eval.out());
        String json = Files.readString(run.resolve("eval.json"));
        int k = Integer.parseInt(m.group(2));
        assertEquals(k / 4.0 * 100, Double.parseDouble(m.group(1)), 1e-9);
        assertTrue(json.contains("\"success_rate\": " + (k / 4.0)), json);
        Matcher list = Pattern.compile("\"successes\": \\[((?:true|false)(?:, (?:true|false)){3})]").matcher(json);
        assertTrue(list.find(), json);
        assertEquals(k, list.group(1).split("true", -1).length - 1, "the list agrees with the rate");
        // Every successful episode ended before the 999-step time limit; every failed one ran into it.
        Matcher lengths = Pattern.compile("\"episode_lengths\": \\[([0-9, ]+)]").matcher(json);
        assertTrue(lengths.find(), json);
        String[] l = lengths.group(1).split(", "), s = list.group(1).split(", ");
        for (int i = 0; i < 4; i++) assertEquals(Boolean.parseBoolean(s[i]), Integer.parseInt(l[i]) < 999, json);
    }

    @Test
    void pendulum_defines_no_success(@TempDir Path tmp) throws IOException {
        Path run = pretrain(tmp.resolve("p"), "pendulum");
        Cli eval = Cli.run("eval", run.toString(), "-n", "2", "-q");
        assertEquals(0, eval.code(), eval.err());
        assertFalse(eval.out().contains("success"), eval.out());
        assertFalse(Files.readString(run.resolve("eval.json")).contains("success"));
    }
}
