package io.rldt.envs.tasks;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvContract;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gymnasium's {@code MountainCarContinuous-v0}: drive an under-powered car up the right hill
 * (envs-spec.md §6).
 *
 * <ul>
 *   <li>State and observation {@code (x, v)}, stored as float32 after every step (values here are doubles
 *       holding float32 numbers). Bounds {@code x ∈ [-1.2, 0.6]}, {@code v ∈ [-0.07, 0.07]}; the observation
 *       space uses the float32-rounded bounds because float32(-1.2) is slightly below -1.2.</li>
 *   <li>Action {@code a}, one entry; {@code force = clip(a, -1, 1)}, so any finite action is legal.</li>
 *   <li>Dynamics: {@code v' = clip(v + 0.0015·force − 0.0025·cos(3x), ±0.07)},
 *       {@code x' = clip(x + v', -1.2, 0.6)}; at the left wall ({@code x' = -1.2} and {@code v' < 0})
 *       {@code v' = 0}.</li>
 *   <li>Terminated when {@code x' ≥ 0.45} and {@code v' ≥ goalVelocity} (default 0), evaluated on the
 *       values before float32 storage, in Gymnasium's order.</li>
 *   <li>Reward {@code 100·[terminated] − 0.1·a²} with the <b>unclipped</b> a.</li>
 *   <li>Reset {@code x ~ U[-0.6, -0.4)}, {@code v = 0}. As in Gymnasium, the reset state is kept in double
 *       precision and only the returned observation is float32; the first step starts from the double.</li>
 *   <li>The registry applies a 999-step {@code TimeLimit}; reward threshold 90.</li>
 *   <li>Success: every step's info has {@link StepResult#IS_SUCCESS}, true on the step that reached the goal, so
 *       an episode succeeded when it terminated rather than being truncated by the time limit.</li>
 * </ul>
 *
 * <p>Precision: arithmetic is done in double and rounded at storage. NumPy 2 (NEP 50) would do it in float32,
 * NumPy 1 in float64, so parity is "equal within float32 rounding", not bit-exact (envs-spec.md §6).
 *
 * <p>Randomness: a {@link SplittableRandom} re-created from each {@code reset(seed)}; {@code reset()}
 * continues it; a new env is seeded with 0.
 */
public final class MountainCarContinuous implements Env {
    /** Registry id. */
    public static final String ID = "MountainCarContinuous-v0";
    /** Left bound of the position. */
    public static final double MIN_POSITION = -1.2;
    /** Right bound of the position. */
    public static final double MAX_POSITION = 0.6;
    /** Bound on the absolute velocity. */
    public static final double MAX_SPEED = 0.07;
    /** Position at or beyond which the episode can terminate. */
    public static final double GOAL_POSITION = 0.45;
    /** Velocity gain per unit of force. */
    public static final double POWER = 0.0015;

    private static final Box OBSERVATION_SPACE = new Box(
            new double[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new double[] {(float) MAX_POSITION, (float) MAX_SPEED});
    private static final Box ACTION_SPACE = Box.uniform(1, -1.0, 1.0);

    /** Step infos: {@link StepResult#IS_SUCCESS} is true exactly when the step reached the goal (terminated). */
    private static final Map<String, Object> SUCCESS = Map.of(StepResult.IS_SUCCESS, true);
    private static final Map<String, Object> NO_SUCCESS = Map.of(StepResult.IS_SUCCESS, false);

    private final double goalVelocity;
    private final EnvContract contract = new EnvContract(ID, 1);
    private SplittableRandom rng = new SplittableRandom(0L);
    private double x;
    private double v;

    /** Goal velocity 0, as Gymnasium's default. */
    public MountainCarContinuous() { this(0.0); }

    /** @param goalVelocity the smallest velocity at the goal that ends the episode (Gymnasium's {@code goal_velocity}) */
    public MountainCarContinuous(double goalVelocity) {
        if (!Double.isFinite(goalVelocity)) {
            throw new IllegalArgumentException(ID + ": goalVelocity is " + goalVelocity + ", expected a finite number");
        }
        this.goalVelocity = goalVelocity;
    }

    @Override public Box observationSpace() { return OBSERVATION_SPACE; }
    @Override public Box actionSpace() { return ACTION_SPACE; }

    @Override
    public ResetResult reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public ResetResult reset() {
        x = -0.6 + 0.2 * rng.nextDouble();
        v = 0.0;
        contract.started();
        return new ResetResult(new double[] {(float) x, (float) v}, Map.of());
    }

    @Override
    public StepResult step(double[] action) {
        contract.beforeStep(action);
        double a = action[0];
        double force = Math.min(Math.max(a, -1.0), 1.0);
        double nv = v + force * POWER - 0.0025 * Math.cos(3 * x);
        nv = Math.min(Math.max(nv, -MAX_SPEED), MAX_SPEED);
        double nx = x + nv;
        nx = Math.min(Math.max(nx, MIN_POSITION), MAX_POSITION);
        // Inelastic left wall: the car stops instead of pushing into it.
        if (nx == MIN_POSITION && nv < 0) nv = 0.0;
        boolean terminated = nx >= GOAL_POSITION && nv >= goalVelocity;
        double reward = (terminated ? 100.0 : 0.0) - 0.1 * a * a;
        // Gymnasium stores the state as a float32 array after every step.
        x = (float) nx;
        v = (float) nv;
        contract.finished(terminated);
        return new StepResult(new double[] {x, v}, reward, terminated, false, terminated ? SUCCESS : NO_SUCCESS);
    }

    /** The state {@code [x, v]} (a copy). */
    public double[] state() { return new double[] {x, v}; }

    /**
     * Overwrites the state, like assigning {@code env.unwrapped.state} in Gymnasium; for tests and planning.
     * Values are used as given (not rounded). Does not start an episode: call reset first.
     */
    public void setState(double x, double v) {
        this.x = x;
        this.v = v;
    }

    /** The velocity threshold for termination. */
    public double goalVelocity() { return goalVelocity; }

    @Override public String toString() { return ID + "(goalVelocity=" + goalVelocity + ")"; }
}
