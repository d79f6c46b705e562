package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rldt.core.config.RldtConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer calls every callback hook the expected number of times on a tiny run. */
class TrainerCallbackTest {
    @Test
    void hooks_fire_for_every_phase(@TempDir Path dir) throws Exception {
        RldtConfig cfg = DeterminismAndResumeTest.tiny();
        AtomicInteger pretrain = new AtomicInteger(), starts = new AtomicInteger(), evals = new AtomicInteger(),
                rollout = new AtomicInteger(), rounds = new AtomicInteger(), ends = new AtomicInteger(),
                checkpoints = new AtomicInteger();
        new Trainer(cfg, dir).addCallback(new TrainerCallback() {
            @Override public void onPretrainStep(int step, int total) { pretrain.incrementAndGet(); }
            @Override public void onIterationStart(int i, int total, boolean eval) {
                starts.incrementAndGet();
                if (eval) evals.incrementAndGet();
            }
            @Override public void onRolloutStep(int i, int step, int total) { rollout.incrementAndGet(); }
            @Override public void onRound(int i, int round, int total) { rounds.incrementAndGet(); }
            @Override public void onIterationEnd(int i, Map<String, Double> m) { ends.incrementAndGet(); }
            @Override public void onCheckpoint(int i, Path f) { checkpoints.incrementAndGet(); }
        }).run();
        var loop = cfg.loop();
        int evalIterations = 0;
        for (int i = 0; i < loop.iterations(); i++) if (loop.isEvalIteration(i)) evalIterations++;
        boolean finalEval = !loop.isEvalIteration(loop.iterations() - 1);
        int training = loop.iterations() - evalIterations;
        assertEquals(cfg.pretrain().steps(), pretrain.get());
        assertEquals(loop.iterations() + (finalEval ? 1 : 0), starts.get());
        assertEquals(evalIterations + (finalEval ? 1 : 0), evals.get());
        assertEquals(training * loop.chunkSteps(), rollout.get());
        assertEquals(training * loop.rounds(), rounds.get());
        assertEquals(starts.get(), ends.get());
        assertEquals(loop.iterations(), checkpoints.get()); // checkpointEvery = 1 in the tiny config
    }
}
