package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.ConfigException;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.demo.DemoSources;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;
import io.rldt.envs.vector.VectorEnv;
import io.rldt.envs.wrappers.TimeLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Success rates in evaluation, and the sparse-reward preset's reward scale from the demonstrations. */
class SparseRewardTest {

    /** Reaches its goal (terminated, success) on a positive action; otherwise the 3-step time limit cuts it. */
    private static final class GoalEnv implements Env {
        private final boolean reports;

        GoalEnv(boolean reports) { this.reports = reports; }

        @Override public Box observationSpace() { return Box.uniform(1, -1, 1); }
        @Override public Box actionSpace() { return Box.uniform(1, -1, 1); }
        @Override public ResetResult reset(long seed) { return reset(); }
        @Override public ResetResult reset() { return new ResetResult(new double[] {0}, Map.of()); }

        @Override
        public StepResult step(double[] a) {
            boolean goal = a[0] > 0;
            return new StepResult(new double[] {0}, goal ? 1 : 0, goal, false,
                    reports ? Map.of(StepResult.IS_SUCCESS, goal) : Map.of());
        }
    }

    /** Env i acts +1 (reaches the goal) for i below {@code succeeding}, −1 otherwise. */
    private static Evaluator.Result evaluate(int envs, int succeeding, boolean reports) {
        try (VectorEnv v = new VectorEnv(envs, i -> new TimeLimit(new GoalEnv(reports), 3), 1)) {
            return Evaluator.run(v, (obs, rng) -> {
                Tensor a = Tensor.zeros(obs.dim(0), 1);
                for (int i = 0; i < obs.dim(0); i++) a.data()[i] = i < succeeding ? 1f : -1f;
                return a;
            }, 7, new Rng(1));
        }
    }

    @Test
    void evaluation_counts_the_episodes_whose_last_step_reports_success() {
        Evaluator.Result r = evaluate(5, 3, true);
        assertTrue(r.reportsSuccess());
        assertEquals(3, r.successCount());
        assertEquals(0.6, r.successRate(), 1e-12);
        assertEquals(List.of(true, true, true, false, false), List.of(r.successes()[0], r.successes()[1], r.successes()[2],
                r.successes()[3], r.successes()[4]));
        assertEquals(1 + 1 + 1 + 3 + 3, r.meanLength() * 5, 1e-9, "successes end at once, failures at the time limit");
        Evaluator.Result none = evaluate(4, 2, false);
        assertFalse(none.reportsSuccess(), "a task without the flag defines no success rate");
        assertTrue(Double.isNaN(none.successRate()));
        assertEquals(0.0, evaluate(4, 0, true).successRate(), "reported and never reached: 0, not undefined");
    }

    /** The mountaincar preset at a few seconds' size. */
    private static RldtConfig tinyMountainCar() {
        return ConfigToml.override(Presets.get("mountaincar"), List.of("loop.iterations=4", "loop.evalEvery=3",
                "loop.envs=2", "loop.chunkSteps=5", "loop.evalEpisodes=3", "loop.rounds=1", "critic.stepsPerRound=1",
                "actor.stepsPerRound=1", "actor.startIteration=0", "pretrain.steps=10", "pretrain.batchSize=16",
                "policy.hidden=16", "critic.hidden=16", "critic.layers=2", "task.demoEpisodes=6", "loop.threads=1",
                "loop.checkpointEvery=1"));
    }

    @Test
    void dataset_scale_is_measured_on_the_demonstrations_logged_and_checkpointed(@TempDir Path tmp) throws Exception {
        RldtConfig cfg = tinyMountainCar();
        assertEquals("dataset", cfg.critic().rewardScale());
        double expected = DemoSources.meanAbsChunkReward(cfg.task(), Seeds.derive(cfg.seed(), "demos", 0));
        assertTrue(expected > 0 && Double.isFinite(expected), "demonstrations with rewards: " + expected);
        Path dir = tmp.resolve("run");
        new Trainer(cfg, dir).run();
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        int trained = 0, evaluated = 0;
        for (String l : lines) {
            if (l.contains("\"critic/reward_scale\"")) {
                trained++;
                assertTrue(l.contains("\"critic/reward_scale\": " + expected), "every iteration divides by the demonstrations' scale: " + l);
            }
            if (l.contains("\"eval/return_mean\"")) {
                evaluated++;
                assertTrue(l.contains("\"eval/success_rate\": "), "MountainCar defines success: " + l);
            }
        }
        assertEquals(2, trained);
        assertEquals(2, evaluated, "iteration 0 and 3");
        Map<String, String> meta = Safetensors.read(dir.resolve("checkpoint.safetensors")).metadata();
        assertEquals(expected, Double.parseDouble(meta.get("reward_scale")), "saved exactly for resume");
        // Re-running the finished run resumes after its last checkpoint: the scale comes from it, the results agree.
        List<String> before = DeterminismAndResumeTest.reproducibleMetrics(dir);
        new Trainer(cfg, dir).run();
        assertEquals(before, DeterminismAndResumeTest.reproducibleMetrics(dir));
    }

    @Test
    void pendulum_metrics_have_no_success_rate(@TempDir Path tmp) throws Exception {
        RldtConfig cfg = ConfigToml.override(Presets.pendulum(), List.of("loop.iterations=1", "loop.evalEpisodes=2",
                "pretrain.steps=5", "policy.hidden=16", "critic.hidden=16", "critic.layers=2", "task.demoEpisodes=2",
                "loop.threads=1"));
        new Trainer(cfg, tmp.resolve("p")).run();
        String metrics = Files.readString(tmp.resolve("p/metrics.jsonl"));
        assertTrue(metrics.contains("eval/return_mean") && !metrics.contains("success"), metrics);
    }

    @Test
    void dataset_scale_needs_demonstrations_with_rewards() {
        RldtConfig bandit = ConfigToml.override(Presets.bandit(), List.of("critic.rewardScaling=true", "critic.rewardScale=dataset"));
        ConfigException e = assertThrows(ConfigException.class, () -> DemoSources.meanAbsChunkReward(bandit.task(), 0));
        assertEquals("config 'critic.rewardScale' = dataset is invalid: expected \"ema\" or \"fixed\" for BimodalBandit-v0: "
                + "mixture demonstrations carry no rewards", e.getMessage());
    }
}
