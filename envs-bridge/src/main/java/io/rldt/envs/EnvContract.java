package io.rldt.envs;

/**
 * The reset/step order and action-shape rules of {@link Env}, as a small helper that tasks embed.
 *
 * <p>Why a helper rather than an abstract base class: tasks stay flat (no inheritance chain to read) and
 * native or remote envs with their own base classes can use it too. Not thread-safe; an env is stepped by
 * one thread at a time.
 *
 * <pre>{@code
 * reset(seed): ...; contract.started();
 * step(a):     contract.beforeStep(a); ...; contract.finished(terminated || truncated);
 * }</pre>
 */
public final class EnvContract {
    private final String envName;
    private final int actionDim;
    private boolean running;
    private boolean everReset;

    /**
     * @param envName   the name used in error messages (for example {@code "Pendulum-v1"})
     * @param actionDim the number of entries every action must have
     */
    public EnvContract(String envName, int actionDim) {
        this.envName = envName;
        this.actionDim = actionDim;
    }

    /** Marks a new episode as started; call at the end of every reset. */
    public void started() {
        running = true;
        everReset = true;
    }

    /**
     * Checks that an episode is running and that {@code action} has the right length.
     *
     * @throws IllegalStateException    before the first reset, or after a step that ended the episode
     * @throws IllegalArgumentException when {@code action} is null or has the wrong length
     */
    public void beforeStep(double[] action) {
        if (!running) {
            throw new IllegalStateException(envName + ": step() called "
                    + (everReset ? "after the episode ended (terminated or truncated)" : "before reset()")
                    + "; call reset() first");
        }
        requireAction(envName, action, actionDim);
    }

    /** Records the end of a step; {@code done} = terminated || truncated. */
    public void finished(boolean done) {
        if (done) running = false;
    }

    /** True between a reset and the step that ends the episode. */
    public boolean running() { return running; }

    /**
     * Throws {@link IllegalArgumentException} naming the env, the field, its value and the expectation when
     * {@code action} is null or does not have {@code dim} entries.
     */
    public static void requireAction(String envName, double[] action, int dim) {
        if (action == null) {
            throw new IllegalArgumentException(envName + ": action is null, expected a double[" + dim + "]");
        }
        if (action.length != dim) {
            throw new IllegalArgumentException(envName + ": action has length " + action.length
                    + ", expected " + dim + " (actionSpace().dim())");
        }
    }
}
