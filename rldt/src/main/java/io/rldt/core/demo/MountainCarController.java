package io.rldt.core.demo;

import io.rldt.engine.Rng;

/**
 * A deliberately mediocre scripted controller for {@code MountainCarContinuous-v0}: energy pumping with a dead
 * zone, so that it reaches the goal in only part of the episodes (a sparse-reward task with room to improve).
 *
 * <p>Model (envs-spec.md §6, per env step): {@code v' = v + 0.0015·a − 0.0025·cos(3x)}, {@code x' = x + v'}, so
 * the car's mechanical energy is {@code E = v²/2 + (0.0025/3)·sin(3x)}, lowest ({@code E_min = −0.0025/3}) at rest
 * in the valley ({@code x = −π/6}). Pushing in the direction of motion adds energy, {@code dE = 0.0015·a·v}.
 * <ul>
 *   <li>Pump ({@code E − E_min ≥ deadZone}): {@code a = force·sign(v)} (right at {@code v = 0}), plus Gaussian
 *       noise {@code σ}, clipped to the env's {@code [-1, 1]}.</li>
 *   <li>Dead zone ({@code E − E_min < deadZone}): {@code a = 0}. The car swings on with the energy it has (the
 *       dynamics have no friction) and never leaves: the episode ends at the 999-step time limit with return 0.</li>
 * </ul>
 * The episode's start, {@code x ~ U[−0.6, −0.4)} at rest, decides the outcome: a start close enough to the valley
 * bottom lies inside the dead zone (failure, return 0); every other start pumps up to the goal (+100 minus the
 * push costs, {@code −0.1·a²} a step). Deterministic pumping has a sharp threshold instead (any {@code force}
 * above about 0.18 always succeeds, below it never), which is why the flaw is a dead zone rather than a weak push.
 *
 * <p>Measured figures: see {@link #mediocre()}.
 */
public final class MountainCarController implements ScriptedController {
    /** The energy of the car at rest in the valley bottom. */
    public static final double MIN_ENERGY = -0.0025 / 3;

    private final double force;
    private final double deadZone;
    private final double noiseStd;

    /**
     * @param force    pump strength, in (0, 1]
     * @param deadZone energy above {@link #MIN_ENERGY} below which the controller does nothing (≥ 0)
     * @param noiseStd σ of the Gaussian noise added to the pump action (≥ 0; none in the dead zone)
     */
    public MountainCarController(double force, double deadZone, double noiseStd) {
        if (!(force > 0 && force <= 1) || !(deadZone >= 0) || !Double.isFinite(deadZone) || !(noiseStd >= 0)
                || !Double.isFinite(noiseStd)) {
            throw new IllegalArgumentException("MountainCarController: invalid parameters force=" + force + " deadZone="
                    + deadZone + " noiseStd=" + noiseStd + " (expected force in (0, 1], deadZone >= 0, noiseStd >= 0)");
        }
        this.force = force;
        this.deadZone = deadZone;
        this.noiseStd = noiseStd;
    }

    /**
     * The demonstration controller: full-strength pumping with σ = 0.3 noise and a dead zone of 2.5e-5, the
     * energy of the car at rest about 0.082 from the valley bottom ({@code (0.0025/3)·(1 − cos(3·0.082))}). Of the
     * start range {@code [−0.6, −0.4)} only starts right of about −0.44 pump; the others stay in the valley. Measured
     * ({@code MountainCarControllerTest}, 200 episodes, seed 0): <b>19.5 %</b> success, mean return <b>17.8</b>
     * (successful episodes about +91 after about 100 steps; seeds 1 to 3 between 10 and 35 % success). The same
     * pump without the dead zone succeeds in every episode. A flow policy pretrained on 100 of these episodes
     * (preset {@code mountaincar}) succeeds in about 24 % of deterministic and 41 % of stochastic evaluation
     * episodes (docs/results/sparse).
     */
    public static MountainCarController mediocre() {
        return new MountainCarController(1.0, 2.5e-5, 0.3);
    }

    /** The car's mechanical energy at {@code (x, v)}. */
    public static double energy(double x, double v) {
        return 0.5 * v * v + 0.0025 / 3 * Math.sin(3 * x);
    }

    @Override
    public double[] act(double[] observation, Rng rng) {
        double x = observation[0], v = observation[1];
        if (energy(x, v) - MIN_ENERGY < deadZone) return new double[] {0.0};
        double a = v >= 0 ? force : -force;
        if (noiseStd > 0) a += noiseStd * rng.nextGaussian();
        return new double[] {Math.max(-1, Math.min(1, a))};
    }

    @Override
    public String describe() {
        return "MountainCarController(force=" + force + ", deadZone=" + deadZone + ", noise σ=" + noiseStd + ")";
    }
}
