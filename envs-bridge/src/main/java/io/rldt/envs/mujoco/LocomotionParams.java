package io.rldt.envs.mujoco;

/**
 * Reward and reset settings of the v4 locomotion tasks (Gymnasium's constructor arguments of the same names).
 *
 * @param forwardRewardWeight     w_f, multiplies the x velocity (m/s)
 * @param ctrlCostWeight          w_c, multiplies Σ aᵢ² of the raw (unclipped) action
 * @param healthyReward           h, paid per step (v4: on every step while terminateWhenUnhealthy, see the envs)
 * @param terminateWhenUnhealthy  end the episode (terminated) when the healthy check fails
 * @param resetNoiseScale         half-width of the uniform reset noise (HalfCheetah: also the Gaussian qvel scale)
 * @param excludeCurrentPositionsFromObservation drop qpos[0] (x) from the observation
 */
public record LocomotionParams(double forwardRewardWeight, double ctrlCostWeight, double healthyReward,
                               boolean terminateWhenUnhealthy, double resetNoiseScale,
                               boolean excludeCurrentPositionsFromObservation) {

    /** Hopper-v4 and Walker2d-v4 defaults: w_f = 1, w_c = 1e-3, h = 1, terminate, noise 5e-3, exclude x. */
    public static LocomotionParams hopperDefaults() { return new LocomotionParams(1.0, 1e-3, 1.0, true, 5e-3, true); }

    /** Walker2d-v4 defaults (the same as Hopper's). */
    public static LocomotionParams walker2dDefaults() { return hopperDefaults(); }

    /** HalfCheetah-v4 defaults: w_f = 1, w_c = 0.1, no healthy term, noise 0.1, exclude x. */
    public static LocomotionParams halfCheetahDefaults() { return new LocomotionParams(1.0, 0.1, 0.0, false, 0.1, true); }
}
