package io.rldt.envs;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny deterministic env for wrapper tests: observation {@code [t, start]} where t counts steps and
 * {@code start} is drawn at reset; reward = {@code action[0] + 10·action[1]}; terminates when t reaches
 * {@code terminateAt} (0 = never). Action space {@code [-1, 1]²}; observation space {@code [0, 1000]²}.
 */
public class ScriptedEnv implements Env {
    private final int terminateAt;
    private final EnvContract contract = new EnvContract("ScriptedEnv", 2);
    private SplittableRandom rng = new SplittableRandom(0);
    private int t;
    private double start;
    /** Number of inner steps executed, over all episodes. */
    public int totalSteps;
    /** The last action received (a copy). */
    public double[] lastAction;
    /** Whether close() was called. */
    public boolean closed;

    public ScriptedEnv(int terminateAt) { this.terminateAt = terminateAt; }

    @Override public Box observationSpace() { return Box.uniform(2, 0, 1000); }
    @Override public Box actionSpace() { return Box.uniform(2, -1, 1); }

    @Override public ResetResult reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override public ResetResult reset() {
        t = 0;
        start = rng.nextInt(100);
        contract.started();
        return new ResetResult(new double[] {t, start}, Map.of("reset", true));
    }

    @Override public StepResult step(double[] action) {
        contract.beforeStep(action);
        lastAction = action.clone();
        t++;
        totalSteps++;
        boolean terminated = terminateAt > 0 && t >= terminateAt;
        contract.finished(terminated);
        return new StepResult(new double[] {t, start}, action[0] + 10 * action[1], terminated, false, Map.of("t", t));
    }

    @Override public void close() { closed = true; }
}
