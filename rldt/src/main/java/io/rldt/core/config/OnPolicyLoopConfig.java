package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * The on-policy training loop (baselines spec §7: the same E, T and iterations as RLDT's preset, so the env-step
 * budget is equal).
 *
 * @param iterations             N, loop iterations including evaluation-only ones
 * @param evalEvery              every n-th iteration (from 0) only evaluates: deterministic, not budget; 0 = never
 * @param evalEpisodes           episodes per evaluation
 * @param envs                   E, parallel training envs
 * @param chunkSteps             T, chunk steps per env per training iteration (episodes run on across iterations)
 * @param criticWarmupIterations training iterations that update only V(s) before the actor moves (spec §2.3)
 * @param threads                worker threads for env stepping; the run is bit-identical for a fixed value
 * @param checkpointEvery        a checkpoint every n iterations (and after the last); 0 = only after the last
 */
public record OnPolicyLoopConfig(int iterations, int evalEvery, int evalEpisodes, int envs, int chunkSteps,
                                 int criticWarmupIterations, int threads, int checkpointEvery) {
    public OnPolicyLoopConfig {
        require(iterations >= 1, "loop.iterations", iterations, "an integer >= 1");
        require(evalEvery >= 0, "loop.evalEvery", evalEvery, "0 (never) or a positive integer");
        require(evalEpisodes >= 1 && evalEpisodes <= 10_000, "loop.evalEpisodes", evalEpisodes, "an integer in 1..10000");
        require(envs >= 1 && envs <= 16_384, "loop.envs", envs, "an integer in 1..16384");
        require(chunkSteps >= 1 && chunkSteps <= TaskConfig.MAX_EPISODE_STEPS, "loop.chunkSteps", chunkSteps,
                "an integer in 1.." + TaskConfig.MAX_EPISODE_STEPS);
        require(criticWarmupIterations >= 0, "loop.criticWarmupIterations", criticWarmupIterations, "an integer >= 0");
        require(threads >= 1 && threads <= 1024, "loop.threads", threads, "an integer in 1..1024");
        require(checkpointEvery >= 0, "loop.checkpointEvery", checkpointEvery, "an integer >= 0");
    }

    /** True when iteration {@code itr} only evaluates. */
    public boolean isEvalIteration(int itr) {
        return evalEvery > 0 && itr % evalEvery == 0;
    }

    /** Training (non-evaluation) iterations among 0..N−1. */
    public int trainingIterations() {
        int n = 0;
        for (int i = 0; i < iterations; i++) if (!isEvalIteration(i)) n++;
        return n;
    }
}
