package io.rldt.core.demo;

import io.rldt.engine.Rng;

/**
 * A deliberately mediocre scripted controller for {@code Pendulum-v1}: energy-pumping swing-up that hands over
 * to a PD stabiliser near upright.
 *
 * <p>Model (g = 10, m = l = 1, θ = 0 upright): {@code θ̈ = 15·sin θ + 3u}, energy
 * {@code E = θ̇²/2 + 15·cos θ}, so {@code dE/dt = 3u·θ̇}; the upright rest state has {@code E* = 15}.
 * <ul>
 *   <li>Swing-up (|θ| ≥ switch angle): {@code u = kE·(E* − E)·sign(θ̇)}, i.e. pump energy in the direction of
 *       motion until E reaches E*.</li>
 *   <li>Stabiliser (|θ| < switch angle): {@code u = −kp·θ − kd·θ̇}.</li>
 *   <li>Then {@code u} is clipped to {@code ±maxTorque}, Gaussian noise {@code σ} is added, and the result is
 *       clipped to the env's {@code [-2, 2]}.</li>
 * </ul>
 *
 * <p>Deliberate flaws of {@link #mediocre()} (so that RL fine-tuning has clear room to improve):
 * the nominal torque is limited to 1.2 instead of 2.0 (slower swing-up, more pump cycles), the energy gain is
 * small, the stabiliser gains are weak and under-damped, the hand-over comes late (only within 0.35 rad of
 * upright, where gravity's 15·sin θ ≈ 5.1 rad/s² exceeds the 3·1.2 = 3.6 rad/s² the limited torque gives), and σ = 0.5 action noise.
 *
 * <p>Measured ({@code PendulumControllerTest}: {@link ScriptedDemonstrations#collect} with 100 episodes of
 * 200 steps, seed 0): mean return <b>−526.1</b> (std 257.3 over episodes; means over seeds 0–5 lie in
 * [−569, −516]); about 70% of episodes end within 0.3 rad of upright. On the same seeds a uniformly random
 * torque policy scores −1230.2, and the same control law with good settings
 * ({@code new PendulumController(2.0, 1.0, 40, 8, 0.6, 0)}) scores −143.9, so RL has about 380 return to gain.
 */
public final class PendulumController implements ScriptedController {
    /** The env's torque bound. */
    public static final double ENV_MAX_TORQUE = 2.0;
    /** Target energy: upright at rest. */
    public static final double TARGET_ENERGY = 15.0;

    private final double maxTorque;
    private final double energyGain;
    private final double kp;
    private final double kd;
    private final double switchAngle;
    private final double noiseStd;

    /**
     * @param maxTorque   nominal torque bound before noise (≤ 2)
     * @param energyGain  kE of the swing-up law
     * @param kp          stabiliser proportional gain
     * @param kd          stabiliser derivative gain
     * @param switchAngle |θ| below which the stabiliser takes over (rad)
     * @param noiseStd    σ of the Gaussian noise added to the torque
     */
    public PendulumController(double maxTorque, double energyGain, double kp, double kd, double switchAngle,
                              double noiseStd) {
        if (!(maxTorque > 0) || !(energyGain >= 0) || !(switchAngle > 0) || !(noiseStd >= 0)
                || !Double.isFinite(kp) || !Double.isFinite(kd)) {
            throw new IllegalArgumentException("PendulumController: invalid parameters maxTorque=" + maxTorque
                    + " energyGain=" + energyGain + " kp=" + kp + " kd=" + kd + " switchAngle=" + switchAngle
                    + " noiseStd=" + noiseStd);
        }
        this.maxTorque = maxTorque;
        this.energyGain = energyGain;
        this.kp = kp;
        this.kd = kd;
        this.switchAngle = switchAngle;
        this.noiseStd = noiseStd;
    }

    /** The demonstration controller (see the class comment for its flaws and measured return). */
    public static PendulumController mediocre() {
        return new PendulumController(1.2, 0.2, 6.0, 0.6, 0.35, 0.5);
    }

    @Override
    public double[] act(double[] observation, Rng rng) {
        double theta = Math.atan2(observation[1], observation[0]);
        double thetaDot = observation[2];
        double u;
        if (Math.abs(theta) < switchAngle) {
            u = -kp * theta - kd * thetaDot;
        } else {
            double energy = 0.5 * thetaDot * thetaDot + TARGET_ENERGY * Math.cos(theta);
            double direction = thetaDot != 0 ? Math.signum(thetaDot) : 1.0;
            u = energyGain * (TARGET_ENERGY - energy) * direction;
        }
        u = clip(u, maxTorque);
        if (noiseStd > 0) u += noiseStd * rng.nextGaussian();
        return new double[] {clip(u, ENV_MAX_TORQUE)};
    }

    private static double clip(double x, double bound) { return Math.max(-bound, Math.min(bound, x)); }

    @Override
    public String describe() {
        return "PendulumController(maxTorque=" + maxTorque + ", kE=" + energyGain + ", kp=" + kp + ", kd=" + kd
                + ", switch=" + switchAngle + " rad, noise σ=" + noiseStd + ")";
    }
}
