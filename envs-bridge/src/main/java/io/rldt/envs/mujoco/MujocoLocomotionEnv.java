package io.rldt.envs.mujoco;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The common mechanics of the Gymnasium v4 MuJoCo locomotion tasks ("v4 semantics on MuJoCo 2.2.2"):
 *
 * <pre>
 * step(a):  x_before = qpos[0]; ctrl = a (not clipped: MuJoCo clamps the effective control to ctrlrange);
 *           mj_step × frameSkip; ẋ = (qpos[0] - x_before) / dt, dt = opt.timestep × frameSkip;
 *           reward = w_f·ẋ + healthy term − w_c·Σaᵢ² (raw a); terminated per task; truncated = false.
 * reset():  mj_resetData; qpos = qpos0 + noise, qvel = noise (task-specific draw); mj_forward.
 * </pre>
 *
 * <p><b>Broken simulation.</b> When MuJoCo raises a warning during a step (NaN/Inf or huge values in qpos, qvel,
 * qacc or ctrl, full contact or constraint buffers), it has usually reset or clamped the state inside
 * {@code mj_step}, so the new state is not a consequence of the action. Such a step returns
 * {@code truncated = true}, reward 0, the <em>previous</em> observation and info {@code "broken" = true} with the
 * warning texts under {@code "mujoco_warnings"}; the env must be reset before it steps again. A step whose
 * reward is not finite (an infinite action: MuJoCo clamps the control, but the raw-action cost is infinite) is
 * reported the same way, so no NaN or infinity reaches a learner. The 1000-step
 * limit is not applied here: the registry wraps these envs in a TimeLimit of {@link #MAX_EPISODE_STEPS}.
 *
 * <p>Randomness: one {@link SplittableRandom}, re-created by {@link #reset(long)}; uniform draws are
 * half-open {@code [lo, hi)} like NumPy's. The env owns its model and data and frees them in {@link #close()};
 * it may move between threads but must be used by one thread at a time.
 */
public abstract sealed class MujocoLocomotionEnv implements Env permits Hopper, Walker2d, HalfCheetah {
    /** Gymnasium's max_episode_steps for the three tasks, applied by the registry's TimeLimit. */
    public static final int MAX_EPISODE_STEPS = 1000;

    protected final MjModelHandle model;
    protected final MjDataHandle data;
    protected final LocomotionParams params;
    protected final int frameSkip;
    protected final double dt;
    protected final double[] qpos0;
    private final Box actionSpace;
    private final Box observationSpace;
    private final int nu;
    private SplittableRandom rng;
    private double[] lastObservation;
    private boolean needsReset;

    /** Takes ownership of {@code model}; closes it if construction fails. */
    protected MujocoLocomotionEnv(MjModelHandle model, LocomotionParams params, int frameSkip, long seed) {
        MjDataHandle d = null;
        try {
            this.model = model;
            this.params = params;
            this.frameSkip = frameSkip;
            this.dt = model.timestep() * frameSkip;
            this.nu = model.nu();
            this.qpos0 = model.doubles("qpos0");
            double[] range = model.doubles("actuator_ctrlrange");
            double[] lo = new double[nu], hi = new double[nu];
            for (int i = 0; i < nu; i++) {
                lo[i] = range[2 * i];
                hi[i] = range[2 * i + 1];
            }
            this.actionSpace = new Box(lo, hi);
            d = model.makeData();
            this.data = d;
            this.observationSpace = Box.uniform(observationDim(), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            this.rng = new SplittableRandom(seed);
            this.lastObservation = observation();
        } catch (RuntimeException e) {
            if (d != null) d.close();
            model.close();
            throw e;
        }
    }

    /** Observation length for this model and params. */
    protected abstract int observationDim();

    /** Writes the observation of the current state into a new array. */
    protected abstract double[] observation();

    /** Sets qpos and qvel to the reset distribution around qpos0 and zero velocity. */
    protected abstract void applyResetNoise(SplittableRandom rng);

    /** Whether the current state passes the task's healthy check (HalfCheetah: always). */
    protected abstract boolean isHealthy();

    @Override public Box observationSpace() { return observationSpace; }
    @Override public Box actionSpace() { return actionSpace; }

    /** The time between two observations, opt.timestep × frameSkip (s). */
    public double dt() { return dt; }
    public int frameSkip() { return frameSkip; }
    public LocomotionParams params() { return params; }
    /** The compiled model (owned by this env; do not close it). */
    public MjModelHandle model() { return model; }
    /** The MuJoCo library version, e.g. "2.2.2", to record with results. */
    public String mujocoVersion() { return MujocoNative.versionString(); }

    /** A simulation state: {@code qpos [nq]} and {@code qvel [nv]}, in the model's joint order. */
    public record State(double[] qpos, double[] qvel) {
        public State {
            qpos = qpos.clone();
            qvel = qvel.clone();
        }

        @Override public double[] qpos() { return qpos.clone(); }
        @Override public double[] qvel() { return qvel.clone(); }
    }

    /** Copies of the current qpos and qvel. */
    public State state() { return new State(data.qpos(new double[data.nq]), data.qvel(new double[data.nv])); }

    /**
     * Gymnasium's {@code set_state}: qpos and qvel as given, then {@code mj_forward}; time, ctrl and the random
     * stream are left alone. The env may step afterwards, also after a broken step. Used to start two simulators
     * (or two runs) from one exact state. Like Gymnasium's, it does not restore the constraint solver's warm start
     * ({@code d->qacc_warmstart}), so replaying from a saved state agrees to rounding (about 1e-16), not bit for bit.
     *
     * @param qpos [nq], not modified
     * @param qvel [nv], not modified
     * @return the observation of the new state
     * @throws IllegalArgumentException when a length differs from nq or nv, or a value is not finite
     */
    public double[] setState(double[] qpos, double[] qvel) {
        String name = getClass().getSimpleName();
        if (qpos.length != data.nq) {
            throw new IllegalArgumentException(name + ".setState: qpos has " + qpos.length + " entries, expected nq = " + data.nq);
        }
        if (qvel.length != data.nv) {
            throw new IllegalArgumentException(name + ".setState: qvel has " + qvel.length + " entries, expected nv = " + data.nv);
        }
        for (int i = 0; i < qpos.length; i++) requireFinite(name, "qpos", i, qpos[i]);
        for (int i = 0; i < qvel.length; i++) requireFinite(name, "qvel", i, qvel[i]);
        for (int i = 0; i < qpos.length; i++) data.setQpos(i, qpos[i]);
        for (int i = 0; i < qvel.length; i++) data.setQvel(i, qvel[i]);
        data.forward();
        MujocoNative.drainWarnings();
        needsReset = false;
        lastObservation = observation();
        return lastObservation.clone();
    }

    private static void requireFinite(String env, String field, int i, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(env + ".setState: " + field + "[" + i + "] = " + v + ", expected a finite value");
        }
    }

    @Override
    public ResetResult reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public ResetResult reset() {
        data.reset();
        applyResetNoise(rng);
        data.forward();
        MujocoNative.drainWarnings();
        needsReset = false;
        lastObservation = observation();
        return ResetResult.of(lastObservation.clone());
    }

    @Override
    public StepResult step(double[] action) {
        if (action.length != nu) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".step: action has " + action.length
                    + " entries, expected " + nu);
        }
        if (needsReset) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + ".step: the simulation broke in the previous step; call reset() first");
        }
        MujocoNative.drainWarnings();
        long warningsBefore = data.warningCount();
        double xBefore = data.qpos(0);
        for (int i = 0; i < nu; i++) data.setCtrl(i, action[i]);
        for (int k = 0; k < frameSkip; k++) data.step();
        List<String> warnings = MujocoNative.drainWarnings();
        if (data.warningCount() != warningsBefore || !warnings.isEmpty()) {
            return broken("MuJoCo warning", warnings);
        }
        double xAfter = data.qpos(0);
        double xVelocity = (xAfter - xBefore) / dt;
        double ctrlCost = 0;
        for (double a : action) ctrlCost += a * a;
        ctrlCost *= params.ctrlCostWeight();
        double forward = params.forwardRewardWeight() * xVelocity;
        boolean healthy = isHealthy();
        // v4 quirk: h is paid whenever healthy OR terminate_when_unhealthy, so also on the terminating step.
        double healthyReward = (healthy || params.terminateWhenUnhealthy()) ? params.healthyReward() : 0.0;
        boolean terminated = params.terminateWhenUnhealthy() && !healthy;
        double reward = forward + healthyReward - ctrlCost;
        if (!Double.isFinite(reward)) return broken("non-finite reward (infinite action?)", warnings);
        double[] obs = observation();
        lastObservation = obs;
        return new StepResult(obs.clone(), reward, terminated, false,
                Map.of("x_position", xAfter, "x_velocity", xVelocity, "reward_forward", forward,
                        "reward_ctrl", -ctrlCost, "reward_survive", healthyReward));
    }

    private StepResult broken(String reason, List<String> warnings) {
        needsReset = true;
        return new StepResult(lastObservation.clone(), 0.0, false, true,
                Map.of("broken", true, "broken_reason", reason, "mujoco_warnings", warnings));
    }

    /** Uniform in [lo, hi), NumPy's {@code Generator.uniform}. */
    protected static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** Fills qpos = qpos0 + U[-s, s) and qvel = U[-s, s), in that order (Hopper and Walker2d). */
    protected final void uniformResetNoise(SplittableRandom rng, double s) {
        for (int i = 0; i < qpos0.length; i++) data.setQpos(i, qpos0[i] + uniform(rng, -s, s));
        for (int i = 0; i < data.nv; i++) data.setQvel(i, uniform(rng, -s, s));
    }

    /** Copies qpos[first..nq) then qvel (each clipped to ±clip unless clip is infinite) into a new array. */
    protected final double[] positionsThenVelocities(double clip) {
        int first = params.excludeCurrentPositionsFromObservation() ? 1 : 0;
        double[] obs = new double[data.nq - first + data.nv];
        int k = 0;
        for (int i = first; i < data.nq; i++) obs[k++] = data.qpos(i);
        for (int i = 0; i < data.nv; i++) obs[k++] = Math.clamp(data.qvel(i), -clip, clip);
        return obs;
    }

    /** qpos/qvel obs length. */
    protected final int positionsThenVelocitiesDim() {
        return data.nq - (params.excludeCurrentPositionsFromObservation() ? 1 : 0) + data.nv;
    }

    /** Frees the MuJoCo data and model; idempotent. */
    @Override
    public void close() {
        data.close();
        model.close();
    }
}
