/**
 * Pure-Java tasks: {@link io.rldt.envs.tasks.Pendulum} (Pendulum-v1),
 * {@link io.rldt.envs.tasks.MountainCarContinuous} (MountainCarContinuous-v0), both per envs-spec.md §5–6,
 * and {@link io.rldt.envs.tasks.BimodalBandit}, the project's teaching task (rldt-spec.md §8), whose static
 * helpers give the exact reward, its gradient and the demonstration distribution.
 *
 * <p>Each task owns a {@link java.util.SplittableRandom} re-created by {@code reset(seed)} and is not
 * thread-safe; use one instance per thread (as {@code VectorEnv} does).
 */
package io.rldt.envs.tasks;
