package io.rldt.core.train;

import java.nio.file.Path;
import java.util.Map;

/** Observes a {@link Trainer}; every method has an empty default. Called on the training thread. */
public interface TrainerCallback {

    /** After each pretraining step. */
    default void onPretrainStep(int step, int totalSteps) {}

    /** When an iteration begins; {@code evaluation} for evaluation-only iterations. */
    default void onIterationStart(int iteration, int totalIterations, boolean evaluation) {}

    /** After each chunk step of a training iteration's rollout ({@code step} from 0). */
    default void onRolloutStep(int iteration, int step, int totalSteps) {}

    /** After an update round inside a training iteration. */
    default void onRound(int iteration, int round, int totalRounds) {}

    /** After an iteration's metrics are logged. */
    default void onIterationEnd(int iteration, Map<String, Double> metrics) {}

    /** After a checkpoint was written (atomically). */
    default void onCheckpoint(int iteration, Path file) {}

    /** Progress of a step-based run (SAC): {@code done} of {@code total} env steps. */
    default void onEnvSteps(long done, long total) {}

    /** A free-form message (phase changes, resume notices). */
    default void onMessage(String message) {}
}
