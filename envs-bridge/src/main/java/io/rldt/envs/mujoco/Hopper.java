package io.rldt.envs.mujoco;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Hopper-v4 (Gymnasium), on MuJoCo 2.2.2. qpos = [rootx, rootz, rooty, thigh, leg, foot], qvel likewise.
 *
 * <ul>
 *   <li>obs (11) = qpos[1:6] ++ clip(qvel, −10, 10) (12 with qpos[0] when x is not excluded); float64.</li>
 *   <li>action (3) in [−1, 1], gear 200, not clipped by the env.</li>
 *   <li>frame skip 4, timestep 0.002 (RK4): dt = 0.008.</li>
 *   <li>reward = ẋ + 1 − 1e-3·Σaᵢ²; the healthy reward is paid on every step, including the terminating one
 *       (v4 quirk, fixed in v5).</li>
 *   <li>healthy: 0.7 &lt; z, −0.2 &lt; angle &lt; 0.2, and every entry of (qpos[2:] ++ qvel), unclipped, in
 *       (−100, 100); terminated = not healthy.</li>
 *   <li>reset: qpos = qpos0 + U[−0.005, 0.005)^6, qvel = U[−0.005, 0.005)^6.</li>
 * </ul>
 */
public final class Hopper extends MujocoLocomotionEnv {
    public static final String ID = "Hopper-v4";
    public static final int FRAME_SKIP = 4;
    public static final double MIN_Z = 0.7;
    public static final double MAX_ABS_ANGLE = 0.2;
    public static final double MAX_ABS_STATE = 100.0;
    public static final double VELOCITY_CLIP = 10.0;

    /** Gymnasium's Hopper, seed 0 until {@link #reset(long)}. */
    public Hopper() { this(HopperModel.standard()); }

    /** A Hopper with another morphology. */
    public Hopper(HopperModel morphology) {
        this(MjModelHandle.fromXml(morphology.toXml()), LocomotionParams.hopperDefaults(), 0L);
    }

    /** A Hopper on any compiled model with the same joint layout; takes ownership of {@code model}. */
    public Hopper(MjModelHandle model, LocomotionParams params, long seed) {
        super(model, params, FRAME_SKIP, seed);
    }

    /** A Hopper loaded from an MJCF file (for instance Gymnasium's hopper.xml). */
    public static Hopper fromFile(Path mjcf) {
        return new Hopper(MjModelHandle.load(mjcf), LocomotionParams.hopperDefaults(), 0L);
    }

    @Override protected int observationDim() { return positionsThenVelocitiesDim(); }
    @Override protected double[] observation() { return positionsThenVelocities(VELOCITY_CLIP); }
    @Override protected void applyResetNoise(SplittableRandom rng) { uniformResetNoise(rng, params.resetNoiseScale()); }

    @Override
    protected boolean isHealthy() {
        double z = data.qpos(1);
        double angle = data.qpos(2);
        for (int i = 2; i < data.nq; i++) {
            double v = data.qpos(i);
            if (!(v > -MAX_ABS_STATE && v < MAX_ABS_STATE)) return false;
        }
        for (int i = 0; i < data.nv; i++) {
            double v = data.qvel(i);
            if (!(v > -MAX_ABS_STATE && v < MAX_ABS_STATE)) return false;
        }
        return z > MIN_Z && z < Double.POSITIVE_INFINITY && angle > -MAX_ABS_ANGLE && angle < MAX_ABS_ANGLE;
    }
}
