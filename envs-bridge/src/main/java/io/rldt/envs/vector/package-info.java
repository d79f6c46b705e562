/**
 * {@link io.rldt.envs.vector.VectorEnv}: N envs stepped together on a small thread pool, with same-step
 * autoreset and per-env seed streams split from one master seed, so results do not depend on the pool size.
 */
package io.rldt.envs.vector;
