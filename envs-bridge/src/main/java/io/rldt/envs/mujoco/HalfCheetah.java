package io.rldt.envs.mujoco;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * HalfCheetah-v4 (Gymnasium), on MuJoCo 2.2.2. qpos = [rootx, rootz, rooty, bthigh, bshin, bfoot, fthigh, fshin,
 * ffoot].
 *
 * <ul>
 *   <li>obs (17) = qpos[1:9] ++ qvel, <b>not</b> clipped; float64.</li>
 *   <li>action (6) in [−1, 1], gears 120/90/60/120/60/30, not clipped by the env.</li>
 *   <li>frame skip 5, timestep 0.01 (Euler): dt = 0.05.</li>
 *   <li>reward = ẋ − 0.1·Σaᵢ²; no healthy term; never terminates (only the 1000-step TimeLimit ends it).</li>
 *   <li>reset: qpos = qpos0 + U[−0.1, 0.1)^9, qvel = 0.1·N(0, 1)^9.</li>
 * </ul>
 */
public final class HalfCheetah extends MujocoLocomotionEnv {
    public static final String ID = "HalfCheetah-v4";
    public static final int FRAME_SKIP = 5;

    /** Gymnasium's HalfCheetah, seed 0 until {@link #reset(long)}. */
    public HalfCheetah() { this(HalfCheetahModel.standard()); }

    /** A HalfCheetah with another morphology. */
    public HalfCheetah(HalfCheetahModel morphology) {
        this(MjModelHandle.fromXml(morphology.toXml()), LocomotionParams.halfCheetahDefaults(), 0L);
    }

    /** A HalfCheetah on any compiled model with the same joint layout; takes ownership of {@code model}. */
    public HalfCheetah(MjModelHandle model, LocomotionParams params, long seed) {
        super(model, params, FRAME_SKIP, seed);
    }

    /** A HalfCheetah loaded from an MJCF file. */
    public static HalfCheetah fromFile(Path mjcf) {
        return new HalfCheetah(MjModelHandle.load(mjcf), LocomotionParams.halfCheetahDefaults(), 0L);
    }

    @Override protected int observationDim() { return positionsThenVelocitiesDim(); }
    @Override protected double[] observation() { return positionsThenVelocities(Double.POSITIVE_INFINITY); }

    @Override
    protected void applyResetNoise(SplittableRandom rng) {
        double s = params.resetNoiseScale();
        for (int i = 0; i < qpos0.length; i++) data.setQpos(i, qpos0[i] + uniform(rng, -s, s));
        for (int i = 0; i < data.nv; i++) data.setQvel(i, s * rng.nextGaussian());
    }

    @Override protected boolean isHealthy() { return true; }
}
