/**
 * Envs that wrap an env: {@link io.rldt.envs.wrappers.TimeLimit},
 * {@link io.rldt.envs.wrappers.ActionChunking}, {@link io.rldt.envs.wrappers.NormalizeObservation},
 * {@link io.rldt.envs.wrappers.NormalizeAction}, {@link io.rldt.envs.wrappers.RescaleAction} and
 * {@link io.rldt.envs.wrappers.EpisodeStatistics}, all subclasses of
 * {@link io.rldt.envs.wrappers.EnvWrapper}.
 *
 * <p>A typical stack for a chunked flow policy trained on normalised data, inner to outer:
 * {@code task → TimeLimit → NormalizeAction → NormalizeObservation → ActionChunking → EpisodeStatistics}
 * (TimeLimit inside ActionChunking counts single steps, as the task's own limit should).
 */
package io.rldt.envs.wrappers;
