package io.rldt.core.train;

import static io.rldt.core.train.DeterminismAndResumeTest.assertSameTensors;
import static io.rldt.core.train.DeterminismAndResumeTest.reproducibleMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authors' loop (issue 11): episodes run on across iterations, so with rollouts shorter than an episode
 * the late states of an episode are still reached; a run stopped mid-episode and resumed rebuilds its envs by
 * replaying the current episodes and ends bit-identical; every round trains on E env rollouts.
 */
class EpisodesAcrossIterationsTest {
    /** Pendulum-v1: 200-step episodes, rollouts of 3 envs × 10 chunks × 4 = 40 steps per env per iteration. */
    static RldtConfig shortRollouts() {
        return ConfigToml.override(Presets.pendulum(), List.of("loop.iterations=9", "loop.evalEvery=0", "loop.envs=3",
                "loop.chunkSteps=10", "loop.evalEpisodes=2", "loop.rounds=2", "critic.stepsPerRound=1",
                "actor.stepsPerRound=2", "actor.startIteration=0", "pretrain.steps=10", "pretrain.batchSize=16",
                "policy.hidden=16", "critic.hidden=16", "critic.layers=2", "task.demoEpisodes=2", "loop.threads=1",
                "loop.checkpointEvery=1", "loop.bufferIterations=3"));
    }

    @Test
    void episodes_finish_across_short_rollouts_and_rounds_take_e_rollouts(@TempDir Path tmp) throws IOException {
        new Trainer(shortRollouts(), tmp).run();
        List<String> rows = Files.readAllLines(tmp.resolve("metrics.jsonl"));
        double episodes = 0;
        for (String row : rows) {
            if (row.contains("eval/return_mean")) continue; // the final evaluation
            episodes += value(row, "train/episodes");
            assertEquals(3.0, value(row, "train/batch_rollouts"), row);
        }
        // 9 iterations × 40 steps = 360 steps per env: each env finished its first 200-step episode once.
        assertEquals(3.0, episodes, "each of the 3 envs completes one 200-step episode across 5 rollouts");
    }

    @Test
    void a_run_stopped_mid_episode_resumes_bit_identically(@TempDir Path tmp) throws IOException {
        new Trainer(shortRollouts(), tmp.resolve("straight")).run();
        Path stopped = tmp.resolve("stopped");
        // Crash right after the checkpoint of iteration 3 (mid-episode: 160 of 200 steps done in every env).
        Trainer crashing = new Trainer(shortRollouts(), stopped).addCallback(new TrainerCallback() {
            @Override
            public void onCheckpoint(int iteration, Path file) {
                if (iteration == 3) throw new IllegalStateException("simulated crash");
            }
        });
        assertThrows(IllegalStateException.class, crashing::run);
        new Trainer(shortRollouts(), stopped).run();
        assertEquals(reproducibleMetrics(tmp.resolve("straight")), reproducibleMetrics(stopped));
        assertSameTensors(tmp.resolve("straight/checkpoint.safetensors"), stopped.resolve("checkpoint.safetensors"));
    }

    @Test
    void a_run_stopped_after_its_first_evaluation_resumes_bit_identically(@TempDir Path tmp) throws IOException {
        // Iteration 0 only evaluates: its checkpoint holds envs that have started no episode yet.
        RldtConfig cfg = ConfigToml.override(shortRollouts(), List.of("loop.evalEvery=4"));
        new Trainer(cfg, tmp.resolve("straight")).run();
        Path stopped = tmp.resolve("stopped");
        Trainer crashing = new Trainer(cfg, stopped).addCallback(new TrainerCallback() {
            @Override
            public void onCheckpoint(int iteration, Path file) {
                if (iteration == 0) throw new IllegalStateException("simulated crash");
            }
        });
        assertThrows(IllegalStateException.class, crashing::run);
        new Trainer(cfg, stopped).run();
        assertEquals(reproducibleMetrics(tmp.resolve("straight")), reproducibleMetrics(stopped));
        assertSameTensors(tmp.resolve("straight/checkpoint.safetensors"), stopped.resolve("checkpoint.safetensors"));
    }

    static double value(String jsonRow, String key) {
        int i = jsonRow.indexOf("\"" + key + "\": ");
        assertTrue(i >= 0, key + " in " + jsonRow);
        int start = i + key.length() + 4, end = start;
        while (end < jsonRow.length() && ",}".indexOf(jsonRow.charAt(end)) < 0) end++;
        return Double.parseDouble(jsonRow.substring(start, end).trim());
    }

}
