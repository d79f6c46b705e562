package io.rldt.envs;

/**
 * A Gymnasium-style environment on plain arrays.
 *
 * <p>Contract (checked by {@code EnvChecker}): call {@link #reset(long)} before the first {@link #step};
 * after a step that returns {@code terminated || truncated}, call reset again before stepping. Observations
 * and actions are {@code double[]} of the dimensions given by the spaces. Implementations own any native
 * resources and free them in {@link #close()}.
 *
 * <p>Randomness: {@code reset(seed)} re-seeds the env's own generator; {@code reset()} continues its stream,
 * so an episode sequence started from one seed is reproducible.
 */
public interface Env extends AutoCloseable {

    /** The observation space; stable for the env's lifetime. */
    Box observationSpace();

    /** The action space; stable for the env's lifetime. */
    Box actionSpace();

    /** Re-seeds the env's random generator, then starts a new episode. */
    ResetResult reset(long seed);

    /** Starts a new episode, continuing the env's random stream (seeded at construction if never reset with a seed). */
    ResetResult reset();

    /**
     * Advances one step. {@code action} must have {@code actionSpace().dim()} entries; whether out-of-bounds
     * actions are clipped is the task's own rule (documented per task). The array is not modified or retained.
     */
    StepResult step(double[] action);

    /** Frees native resources; idempotent. The default does nothing. */
    @Override
    default void close() {}
}
