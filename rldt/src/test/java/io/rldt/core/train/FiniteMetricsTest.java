package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.SacConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose losses turn non-finite stops, naming where and which metric, and logs nothing non-finite. */
class FiniteMetricsTest {

    @Test
    void the_check_names_the_place_and_the_metric_and_ignores_machine_keys() {
        FiniteMetrics.require("iteration 3", Map.of("time/iteration_s", Double.NaN, "train/return_mean", 1.0));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FiniteMetrics.require("iteration 3", Map.of("critic/loss", Double.POSITIVE_INFINITY)));
        assertTrue(e.getMessage().startsWith("iteration 3: metric critic/loss is Infinity; stopping"), e.getMessage());
    }

    @Test
    void an_rldt_run_with_an_exploding_critic_stops(@TempDir Path tmp) throws Exception {
        var cfg = ConfigToml.override(DeterminismAndResumeTest.tiny(), List.of("critic.lr=1e30"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Trainer(cfg, tmp).run());
        Matcher m = Pattern.compile("iteration (\\d+): (metric (critic|actor)/\\S+|tensor '\\S+') (is|holds) (NaN|-?Infinity).*")
                .matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        int stoppedAt = Integer.parseInt(m.group(1));
        for (String line : Files.readAllLines(tmp.resolve("metrics.jsonl"))) {
            int itr = Integer.parseInt(line.replaceAll("^\\{\"iteration\": (\\d+),.*", "$1"));
            assertTrue(itr < stoppedAt, "nothing logged from the stopped iteration on: " + line);
        }
        assertAllFinite(tmp.resolve("checkpoint.safetensors"));
        assertFalse(Files.exists(tmp.resolve("summary.json")));
    }

    /** SAC checkpoints at episode ends, between log rows: the weights are checked before every save. */
    @Test
    void a_sac_run_with_an_exploding_critic_stops_before_saving_non_finite_weights(@TempDir Path tmp) throws Exception {
        SacConfig cfg = ConfigToml.override(SacTrainerTest.tiny(1400), List.of("sac.qLr=1e30", "loop.snapshotEvery=0",
                "loop.evalEvery=1000", "loop.logEvery=1000", "loop.snapshotEvery=1000", "loop.checkpointEvery=200"), SacConfig.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SacTrainer(cfg, tmp).run());
        assertTrue(e.getMessage().matches("env step \\d+: (metric sac/\\S+ is|tensor '\\S+' holds) (NaN|-?Infinity).*"),
                e.getMessage());
        assertAllFinite(tmp.resolve("checkpoint.safetensors"));
        try (var snapshots = Files.list(tmp.resolve("snapshots"))) {
            for (Path s : snapshots.toList()) assertAllFinite(s);
        }
    }

    private static void assertAllFinite(Path file) throws java.io.IOException {
        if (!Files.exists(file)) return;
        for (var t : Safetensors.read(file).tensors().entrySet()) {
            assertEquals(-1, Safetensors.firstNonFinite(t.getValue().data(), t.getValue().size()), file + ": " + t.getKey());
        }
    }
}
