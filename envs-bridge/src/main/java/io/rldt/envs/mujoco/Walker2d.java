package io.rldt.envs.mujoco;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Walker2d-v4 (Gymnasium), on MuJoCo 2.2.2. qpos = [rootx, rootz, rooty, thigh, leg, foot, thigh_left, leg_left,
 * foot_left].
 *
 * <ul>
 *   <li>obs (17) = qpos[1:9] ++ clip(qvel, −10, 10); float64.</li>
 *   <li>action (6) in [−1, 1], gear 100, not clipped by the env.</li>
 *   <li>frame skip 4, timestep 0.002 (RK4): dt = 0.008.</li>
 *   <li>reward = ẋ + 1 − 1e-3·Σaᵢ², the healthy reward paid on every step (v4 quirk, as Hopper).</li>
 *   <li>healthy: 0.8 &lt; z &lt; 2.0 and −1 &lt; angle &lt; 1; unlike Hopper there is <b>no</b> state-range check.</li>
 *   <li>reset: uniform ±0.005 on qpos and qvel, as Hopper.</li>
 * </ul>
 */
public final class Walker2d extends MujocoLocomotionEnv {
    public static final String ID = "Walker2d-v4";
    public static final int FRAME_SKIP = 4;
    public static final double MIN_Z = 0.8;
    public static final double MAX_Z = 2.0;
    public static final double MAX_ABS_ANGLE = 1.0;
    public static final double VELOCITY_CLIP = 10.0;

    /** Gymnasium's Walker2d, seed 0 until {@link #reset(long)}. */
    public Walker2d() { this(Walker2dModel.standard()); }

    /** A Walker2d with another morphology. */
    public Walker2d(Walker2dModel morphology) {
        this(MjModelHandle.fromXml(morphology.toXml()), LocomotionParams.walker2dDefaults(), 0L);
    }

    /** A Walker2d on any compiled model with the same joint layout; takes ownership of {@code model}. */
    public Walker2d(MjModelHandle model, LocomotionParams params, long seed) {
        super(model, params, FRAME_SKIP, seed);
    }

    /** A Walker2d loaded from an MJCF file. */
    public static Walker2d fromFile(Path mjcf) {
        return new Walker2d(MjModelHandle.load(mjcf), LocomotionParams.walker2dDefaults(), 0L);
    }

    @Override protected int observationDim() { return positionsThenVelocitiesDim(); }
    @Override protected double[] observation() { return positionsThenVelocities(VELOCITY_CLIP); }
    @Override protected void applyResetNoise(SplittableRandom rng) { uniformResetNoise(rng, params.resetNoiseScale()); }

    @Override
    protected boolean isHealthy() {
        double z = data.qpos(1);
        double angle = data.qpos(2);
        return z > MIN_Z && z < MAX_Z && angle > -MAX_ABS_ANGLE && angle < MAX_ABS_ANGLE;
    }
}
