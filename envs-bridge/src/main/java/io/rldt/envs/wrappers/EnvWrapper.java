package io.rldt.envs.wrappers;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link Env} that forwards everything to an inner env; subclasses override what they change.
 *
 * <p>Wrappers are one level deep by design (subclass this, nothing else) so that a stack of wrappers reads
 * as a list: {@code new TimeLimit(new RescaleAction(task), 200)}. {@link #close()} closes the inner env.
 */
public abstract class EnvWrapper implements Env {
    /** The wrapped env. */
    protected final Env env;

    /** @param env the env to wrap (not null) */
    protected EnvWrapper(Env env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The env this wrapper wraps directly. */
    public Env inner() { return env; }

    /** The innermost env, below every wrapper (for task-specific methods such as {@code setState}). */
    public Env unwrapped() {
        Env e = env;
        while (e instanceof EnvWrapper w) e = w.env;
        return e;
    }

    /**
     * Finds the first wrapper of the given type from the outside in, this one included; null if none.
     * Useful to reach, say, the {@link TimeLimit} inside a stack.
     */
    public <W extends EnvWrapper> W find(Class<W> type) {
        Env e = this;
        while (e instanceof EnvWrapper w) {
            if (type.isInstance(w)) return type.cast(w);
            e = w.env;
        }
        return null;
    }

    @Override public Box observationSpace() { return env.observationSpace(); }
    @Override public Box actionSpace() { return env.actionSpace(); }
    @Override public ResetResult reset(long seed) { return env.reset(seed); }
    @Override public ResetResult reset() { return env.reset(); }
    @Override public StepResult step(double[] action) { return env.step(action); }
    @Override public void close() { env.close(); }

    /** A mutable copy of {@code info} with {@code key = value} added; info maps stay small, so copying is cheap. */
    protected static Map<String, Object> withInfo(Map<String, Object> info, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(info);
        copy.put(key, value);
        return copy;
    }

    @Override public String toString() { return getClass().getSimpleName() + "<" + env + ">"; }
}
