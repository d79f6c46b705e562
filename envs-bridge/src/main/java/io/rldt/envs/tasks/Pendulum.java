package io.rldt.envs.tasks;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvContract;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gymnasium's {@code Pendulum-v1}: swing a pendulum up and hold it upright (envs-spec.md §5).
 *
 * <ul>
 *   <li>State {@code (θ, θ̇)}, θ = 0 upright; θ is never wrapped in the state.</li>
 *   <li>Observation {@code (cos θ, sin θ, θ̇)}, each rounded to float32 (Gymnasium returns float32),
 *       in {@code [-1,1] × [-1,1] × [-8,8]}.</li>
 *   <li>Action: torque {@code u}, one entry; {@code clip(u, -2, 2)} is applied inside the env, so any finite
 *       action is legal.</li>
 *   <li>Reward from the <em>pre-step</em> state and the clipped u:
 *       {@code r = -(norm(θ)² + 0.1·θ̇² + 0.001·u²)}, in {@code [-16.2736044, 0]}.</li>
 *   <li>Dynamics (semi-implicit Euler, dt = 0.05, m = l = 1):
 *       {@code θ̇' = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, -8, 8)}, {@code θ' = θ + θ̇'·dt}.</li>
 *   <li>Never terminates; the registry applies a 200-step {@code TimeLimit}.</li>
 *   <li>Reset: {@code θ ~ U[-xInit, xInit)}, {@code θ̇ ~ U[-yInit, yInit)}, defaults π and 1 (Gymnasium's
 *       {@code options={"x_init", "y_init"}} are the {@link #reset(long, double, double)} overload).</li>
 * </ul>
 *
 * <p>Randomness: a {@link SplittableRandom} re-created from each {@code reset(seed)}; {@code reset()}
 * continues it. A new env is seeded with 0 so that it is deterministic even if never seeded.
 */
public final class Pendulum implements Env {
    /** Registry id. */
    public static final String ID = "Pendulum-v1";
    /** Largest absolute torque the env applies. */
    public static final double MAX_TORQUE = 2.0;
    /** Largest absolute angular velocity. */
    public static final double MAX_SPEED = 8.0;
    /** Integration step in seconds. */
    public static final double DT = 0.05;
    /** Default half-width of the reset range of θ. */
    public static final double DEFAULT_X_INIT = Math.PI;
    /** Default half-width of the reset range of θ̇. */
    public static final double DEFAULT_Y_INIT = 1.0;

    private static final double M = 1.0;
    private static final double L = 1.0;
    private static final double TWO_PI = 2 * Math.PI;

    private static final Box OBSERVATION_SPACE =
            new Box(new double[] {-1, -1, -MAX_SPEED}, new double[] {1, 1, MAX_SPEED});
    private static final Box ACTION_SPACE = Box.uniform(1, -MAX_TORQUE, MAX_TORQUE);

    private final double g;
    private final EnvContract contract = new EnvContract(ID, 1);
    private SplittableRandom rng = new SplittableRandom(0L);
    private double theta;
    private double thetaDot;

    /** Gymnasium's default gravity, g = 10. */
    public Pendulum() { this(10.0); }

    /** @param g gravitational acceleration in m/s² (Gymnasium's {@code g} argument; default 10) */
    public Pendulum(double g) {
        if (!Double.isFinite(g)) throw new IllegalArgumentException(ID + ": g is " + g + ", expected a finite number");
        this.g = g;
    }

    @Override public Box observationSpace() { return OBSERVATION_SPACE; }
    @Override public Box actionSpace() { return ACTION_SPACE; }

    @Override
    public ResetResult reset(long seed) { return reset(seed, DEFAULT_X_INIT, DEFAULT_Y_INIT); }

    @Override
    public ResetResult reset() { return reset(DEFAULT_X_INIT, DEFAULT_Y_INIT); }

    /** Re-seeds, then draws {@code θ ~ U[-xInit, xInit)}, {@code θ̇ ~ U[-yInit, yInit)} (Gymnasium's options). */
    public ResetResult reset(long seed, double xInit, double yInit) {
        rng = new SplittableRandom(seed);
        return reset(xInit, yInit);
    }

    /** Like {@link #reset(long, double, double)} but continues the current random stream. */
    public ResetResult reset(double xInit, double yInit) {
        requireFinite("xInit", xInit);
        requireFinite("yInit", yInit);
        // Gymnasium: high = [x, y], low = -high, uniform(low, high); nextDouble is half-open like numpy.
        theta = -xInit + 2 * xInit * rng.nextDouble();
        thetaDot = -yInit + 2 * yInit * rng.nextDouble();
        contract.started();
        return new ResetResult(observation(), Map.of());
    }

    @Override
    public StepResult step(double[] action) {
        contract.beforeStep(action);
        double u = clip(action[0], -MAX_TORQUE, MAX_TORQUE);
        // The cost uses the state before the step: Gymnasium computes it before integrating.
        double norm = angleNormalize(theta);
        double cost = norm * norm + 0.1 * thetaDot * thetaDot + 0.001 * u * u;
        double newThetaDot = thetaDot + (3 * g / (2 * L) * Math.sin(theta) + 3.0 / (M * L * L) * u) * DT;
        newThetaDot = clip(newThetaDot, -MAX_SPEED, MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        contract.finished(false);
        return new StepResult(observation(), -cost, false, false, Map.of());
    }

    /**
     * {@code ((x + π) mod 2π) − π} with Python's float modulo (the result takes the divisor's sign), so the
     * result is in {@code [-π, π)}. Java's {@code %} is C's fmod (sign of the dividend), hence the correction.
     */
    public static double angleNormalize(double x) {
        double r = (x + Math.PI) % TWO_PI;
        if (r < 0) r += TWO_PI;
        return r - Math.PI;
    }

    /** The state {@code [θ, θ̇]} (a copy). */
    public double[] state() { return new double[] {theta, thetaDot}; }

    /**
     * Overwrites the state, like assigning {@code env.unwrapped.state} in Gymnasium; for tests and planning.
     * Does not start an episode: call reset first.
     */
    public void setState(double theta, double thetaDot) {
        this.theta = theta;
        this.thetaDot = thetaDot;
    }

    /** Gravitational acceleration in m/s². */
    public double gravity() { return g; }

    private double[] observation() {
        // Gymnasium builds the observation with dtype float32.
        return new double[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot};
    }

    private static double clip(double x, double lo, double hi) { return Math.max(lo, Math.min(hi, x)); }

    private static void requireFinite(String name, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(ID + ": " + name + " is " + v + ", expected a finite number");
    }

    @Override public String toString() { return ID + "(g=" + g + ")"; }
}
