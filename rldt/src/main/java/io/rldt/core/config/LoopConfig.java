package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * The training loop (spec §6).
 *
 * @param iterations       N, loop iterations including evaluation-only ones
 * @param evalEvery        every n-th iteration (from 0) is evaluation only: deterministic, no update, not budget; default 5
 * @param evalEpisodes     episodes per evaluation
 * @param envs             E, parallel training envs
 * @param chunkSteps       T, chunk steps each env takes per training iteration
 * @param bufferIterations FIFO capacity, in iterations' worth of trajectories; default 20
 * @param rounds           update rounds per iteration; default 16
 * @param freshFraction    minimum share of fresh groups in a round's batch of {@code envs} groups (one env's
 *                         rollout each, re-drawn every round); default 1/3
 * @param exploration      spec §5 exploration noise during training rollouts; default true
 * @param clipActions      clip executed chunks (and bootstrap actions) to the action box; default false: the
 *                         authors store the unclipped chunk and let the env clip (MuJoCo's ctrl range)
 * @param microBatchStates actor steps take the states this many at a time and add up the gradients (the authors'
 *                         {@code mini_batch_split}): memory bounded by the chunk; 0 = the whole batch at once
 * @param microBatchRows   critic steps, TD bootstrap samples and target evaluations take this many rows at a
 *                         time; 0 = all at once
 * @param threads          worker threads for env stepping and kernels; the run is bit-identical for a fixed value
 * @param checkpointEvery  write a checkpoint every n iterations (and at the end); 0 = only at the end
 */
public record LoopConfig(int iterations, int evalEvery, int evalEpisodes, int envs, int chunkSteps,
                         int bufferIterations, int rounds, double freshFraction, boolean exploration,
                         boolean clipActions, int microBatchStates, int microBatchRows, int threads,
                         int checkpointEvery) {
    public LoopConfig {
        require(iterations >= 1, "loop.iterations", iterations, "an integer >= 1");
        require(evalEvery >= 0, "loop.evalEvery", evalEvery, "0 (never) or a positive integer");
        require(evalEpisodes >= 1 && evalEpisodes <= 10_000, "loop.evalEpisodes", evalEpisodes, "an integer in 1..10000");
        require(envs >= 1 && envs <= 16_384, "loop.envs", envs, "an integer in 1..16384");
        require(chunkSteps >= 1 && chunkSteps <= TaskConfig.MAX_EPISODE_STEPS, "loop.chunkSteps", chunkSteps,
                "an integer in 1.." + TaskConfig.MAX_EPISODE_STEPS);
        require(bufferIterations >= 1 && bufferIterations <= 10_000, "loop.bufferIterations", bufferIterations, "an integer in 1..10000");
        require(rounds >= 0 && rounds <= 100_000, "loop.rounds", rounds, "an integer in 0..100000");
        require(freshFraction > 0 && freshFraction <= 1, "loop.freshFraction", freshFraction, "a number in (0, 1]");
        require(microBatchStates >= 0 && microBatchStates <= 1 << 24, "loop.microBatchStates", microBatchStates,
                "0 (whole batch) or a state count up to " + (1 << 24));
        require(microBatchRows >= 0 && microBatchRows <= 1 << 24, "loop.microBatchRows", microBatchRows,
                "0 (whole batch) or a row count up to " + (1 << 24));
        // A constant bound, not availableProcessors(): a config validates the same on every machine.
        require(threads >= 1 && threads <= 1024, "loop.threads", threads, "an integer in 1..1024");
        require(checkpointEvery >= 0, "loop.checkpointEvery", checkpointEvery, "an integer >= 0");
    }

    /** True when iteration {@code itr} only evaluates. */
    public boolean isEvalIteration(int itr) {
        return evalEvery > 0 && itr % evalEvery == 0;
    }
}
