/**
 * Gymnasium-style environments on plain {@code double[]} arrays, depending on the JDK only.
 *
 * <p>Reading order: {@link io.rldt.envs.Env} and its records ({@link io.rldt.envs.Box},
 * {@link io.rldt.envs.ResetResult}, {@link io.rldt.envs.StepResult}) → {@link io.rldt.envs.EnvContract} (the
 * reset/step order every task enforces) → a task in {@code io.rldt.envs.tasks} → the wrappers in
 * {@code io.rldt.envs.wrappers} → {@link io.rldt.envs.EnvRegistry} → {@code io.rldt.envs.vector.VectorEnv}
 * → {@link io.rldt.envs.EnvChecker}.
 *
 * <p>Semantics follow Gymnasium: {@code terminated} means a terminal MDP state (do not bootstrap),
 * {@code truncated} an episode cut short (bootstrap). Stepping before reset or after an episode ended throws
 * {@link java.lang.IllegalStateException}; a malformed action throws
 * {@link java.lang.IllegalArgumentException} naming the field, its value and the expectation.
 */
package io.rldt.envs;
