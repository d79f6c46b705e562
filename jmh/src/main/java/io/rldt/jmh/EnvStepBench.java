package io.rldt.jmh;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.StepResult;
import io.rldt.envs.mujoco.MujocoNative;
import io.rldt.envs.vector.VectorEnv;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Environment steps per second (the score counts env steps, not calls: each invocation takes 8 env steps).
 * {@code mode = single}: one registry env ({@code EnvRegistry.make}, with its TimeLimit) stepped 8 times,
 * reset when an episode ends. {@code mode = vector8}: one {@link VectorEnv#step} of 8 envs on a pool of 2
 * threads (auto-reset). Actions are pre-drawn uniformly in the action box and cycled. MuJoCo tasks need the
 * system libmujoco: setup fails with the reason when it is missing ({@code run-benchmarks.sh} leaves them out
 * then). One MuJoCo env step is frame-skip {@code mj_step}s (4 for Hopper and Walker2d, 5 for HalfCheetah).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@OperationsPerInvocation(EnvStepBench.STEPS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class EnvStepBench {
    static final int STEPS = 8;
    private static final int ACTIONS = 1024;

    @Param({"Pendulum-v1", "MountainCarContinuous-v0", "BimodalBandit-v0", "Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"})
    public String env;

    @Param({"single", "vector8"})
    public String mode;

    private Env single;
    private VectorEnv vector;
    private double[][] actions;
    private double[][][] batches;
    private int cursor;

    @Setup(Level.Trial)
    public void setup() {
        if (env.endsWith("-v4") && !MujocoNative.isAvailable()) {
            throw new IllegalStateException("EnvStepBench: " + env + " needs MuJoCo: " + MujocoNative.unavailableReason());
        }
        Box box;
        try (Env probe = EnvRegistry.make(env)) {
            box = probe.actionSpace();
        }
        SplittableRandom rng = new SplittableRandom(19);
        actions = new double[ACTIONS][box.dim()];
        for (double[] a : actions) {
            for (int j = 0; j < a.length; j++) a[j] = rng.nextDouble(box.low(j), box.high(j));
        }
        if (mode.equals("single")) {
            single = EnvRegistry.make(env);
            single.reset(0);
            StepResult r = single.step(actions[0]);
            if (!Double.isFinite(r.reward())) throw new AssertionError("EnvStepBench: " + env + " reward " + r.reward());
            if (r.done()) single.reset();
        } else if (mode.equals("vector8")) {
            vector = VectorEnv.of(STEPS, () -> EnvRegistry.make(env), 2);
            vector.reset(0);
            batches = new double[ACTIONS / STEPS][][];
            for (int i = 0; i < batches.length; i++) {
                batches[i] = java.util.Arrays.copyOfRange(actions, i * STEPS, (i + 1) * STEPS);
            }
        } else {
            throw new IllegalArgumentException("EnvStepBench: mode '" + mode + "', expected single or vector8");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (single != null) single.close();
        if (vector != null) vector.close();
    }

    @Benchmark
    public Object step() {
        if (vector != null) {
            cursor = (cursor + 1) % batches.length;
            return vector.step(batches[cursor]);
        }
        double total = 0;
        for (int i = 0; i < STEPS; i++) {
            cursor = (cursor + 1) % ACTIONS;
            StepResult r = single.step(actions[cursor]);
            total += r.reward();
            if (r.done()) single.reset();
        }
        return total;
    }
}
