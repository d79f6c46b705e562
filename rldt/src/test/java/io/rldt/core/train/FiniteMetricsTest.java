package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.SacConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assertTrue(e.getMessage().matches("iteration \\d+: metric (critic|actor)/\\S+ is (NaN|-?Infinity); stopping.*"), e.getMessage());
        assertFalse(Files.readString(tmp.resolve("metrics.jsonl")).contains("NaN"), "the bad record was not logged");
        assertFalse(Files.exists(tmp.resolve("summary.json")));
    }

    @Test
    void a_sac_run_with_an_exploding_critic_stops(@TempDir Path tmp) {
        SacConfig cfg = ConfigToml.override(SacTrainerTest.tiny(1400), List.of("sac.qLr=1e30"), SacConfig.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SacTrainer(cfg, tmp).run());
        assertTrue(e.getMessage().matches("env step \\d+: metric sac/\\S+ is (NaN|-?Infinity); stopping.*"), e.getMessage());
    }
}
