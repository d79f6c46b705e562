package io.rldt.envs.vector;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * N envs stepped together, with batched arrays {@code [N][dim]} in and out and same-step autoreset.
 *
 * <p><b>Autoreset.</b> When env i's episode ends during {@link #step}, it is reset in the same call: the
 * returned {@code observations[i]} is the new episode's first observation and the ended episode's last one
 * is in {@code finalObservations[i]} (Gymnasium's older "same-step" mode; its newer "next-step" mode, which
 * spends a no-op step on the reset, is easy to get wrong in learners).
 *
 * <p><b>Seeding.</b> {@link #reset(long)} builds one master {@link SplittableRandom} and splits one stream
 * per env, in index order. Env i draws the seed of each of its episodes (the first and every autoreset) from
 * its own stream only, so results depend neither on thread scheduling nor on the pool size. A new vector env
 * behaves as if seeded with 0.
 *
 * <p><b>Threads.</b> {@code poolSize} threads step the envs, the caller's thread being one of them: with 1
 * everything runs sequentially in the caller's thread; with P &gt; 1, envs are split into P contiguous
 * blocks and P − 1 daemon threads help. Each env is touched by one thread per call (envs need not be
 * thread-safe, but must tolerate moving between threads). If an env throws, the exception is rethrown
 * after all blocks finish and the vector env must be reset before stepping again.
 *
 * <p>Not thread-safe itself: one caller at a time. {@link #close()} closes every env and stops the threads.
 */
public final class VectorEnv implements AutoCloseable {
    private final Env[] envs;
    private final Box observationSpace;
    private final Box actionSpace;
    private final int poolSize;
    private final ExecutorService pool;
    private final SplittableRandom[] streams;
    private boolean needsReset = true;
    private boolean closed;

    /**
     * @param numEnvs  N (positive)
     * @param factory  builds env i from its index; every env must have the same spaces
     * @param poolSize threads stepping the envs, the caller's included (positive; capped at N)
     */
    public VectorEnv(int numEnvs, IntFunction<? extends Env> factory, int poolSize) {
        if (numEnvs <= 0) throw new IllegalArgumentException("VectorEnv: numEnvs is " + numEnvs + ", expected > 0");
        if (poolSize <= 0) throw new IllegalArgumentException("VectorEnv: poolSize is " + poolSize + ", expected > 0");
        Objects.requireNonNull(factory, "factory");
        this.envs = new Env[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            envs[i] = Objects.requireNonNull(factory.apply(i), "VectorEnv: factory returned null for env " + i);
        }
        this.observationSpace = envs[0].observationSpace();
        this.actionSpace = envs[0].actionSpace();
        for (int i = 1; i < numEnvs; i++) {
            if (!envs[i].observationSpace().equals(observationSpace) || !envs[i].actionSpace().equals(actionSpace)) {
                throw new IllegalArgumentException("VectorEnv: env " + i + " has spaces " + envs[i].observationSpace()
                        + " / " + envs[i].actionSpace() + ", expected those of env 0: " + observationSpace + " / " + actionSpace);
            }
        }
        this.poolSize = Math.min(poolSize, numEnvs);
        this.pool = this.poolSize == 1 ? null : Executors.newFixedThreadPool(this.poolSize - 1, r -> {
            Thread t = new Thread(r, "vector-env");
            t.setDaemon(true); // a forgotten close() must not keep the JVM alive
            return t;
        });
        this.streams = new SplittableRandom[numEnvs];
        split(0L);
    }

    /** N copies of one factory's env; see {@link #VectorEnv(int, IntFunction, int)}. */
    public static VectorEnv of(int numEnvs, Supplier<? extends Env> factory, int poolSize) {
        Objects.requireNonNull(factory, "factory");
        return new VectorEnv(numEnvs, i -> factory.get(), poolSize);
    }

    /** Number of envs N. */
    public int numEnvs() { return envs.length; }

    /** Threads stepping the envs, the caller's included. */
    public int poolSize() { return poolSize; }

    /** The observation space of one env. */
    public Box singleObservationSpace() { return observationSpace; }

    /** The action space of one env. */
    public Box singleActionSpace() { return actionSpace; }

    /** Env i, for inspection (stepping it directly breaks the vector env's bookkeeping). */
    public Env env(int i) { return envs[i]; }

    /** Re-seeds every env's stream from {@code seed} (split in index order) and starts new episodes; {@code [N][obsDim]}. */
    public double[][] reset(long seed) {
        ensureOpen();
        split(seed);
        return reset();
    }

    /** Starts new episodes in every env, continuing the per-env seed streams; {@code [N][obsDim]}. */
    public double[][] reset() {
        ensureOpen();
        double[][] obs = new double[envs.length][];
        needsReset = true;
        forEachIndex(i -> obs[i] = resetEnv(i).observation());
        needsReset = false;
        return obs;
    }

    /**
     * Rebuilds the state a run reached after {@link #reset(long) reset(seed)} and autoresets: env {@code i} has
     * started {@code episodes[i]} episodes (the first reset included) and executed {@code actions.get(i)} in the
     * current one. Each env is reset from the seed its stream gave for that episode and the actions are replayed,
     * so deterministic envs (every built-in task, MuJoCo included) end bit-identical to where the run was, without
     * saving any env state: what a training checkpoint needs when episodes run across iterations.
     *
     * @return the observation after the replay {@code [N][obsDim]} and the summed reward of the replayed steps
     */
    public Restored restore(long seed, long[] episodes, List<List<double[]>> actions) {
        ensureOpen();
        if (episodes.length != envs.length || actions.size() != envs.length) {
            throw new IllegalArgumentException("VectorEnv.restore: " + episodes.length + " episode counts and " + actions.size()
                    + " action lists for " + envs.length + " envs");
        }
        split(seed);
        double[][] obs = new double[envs.length][];
        double[] returns = new double[envs.length];
        needsReset = true;
        forEachIndex(i -> {
            if (episodes[i] < 1) throw new IllegalArgumentException("VectorEnv.restore: env " + i + " started " + episodes[i] + " episodes, expected >= 1");
            for (long e = 1; e < episodes[i]; e++) streams[i].nextLong(); // the seeds of the finished episodes
            double[] o = resetEnv(i).observation();
            for (double[] a : actions.get(i)) {
                StepResult r = envs[i].step(a);
                if (r.done()) throw new IllegalStateException("VectorEnv.restore: env " + i + " ended its episode during the replay; "
                        + "the env is not deterministic or the saved actions do not belong to this run");
                returns[i] += r.reward();
                o = r.observation();
            }
            obs[i] = o;
        });
        needsReset = false;
        return new Restored(obs, returns);
    }

    /** The state {@link #restore} rebuilt: current observations and the return of each env's current episode so far. */
    public record Restored(double[][] observations, double[] returns) {}

    /**
     * Steps every env once, resetting those whose episode ends.
     *
     * @param actions {@code [N][actDim]}, not modified or retained
     * @throws IllegalStateException    before the first reset, after an env threw, or after close
     * @throws IllegalArgumentException when {@code actions} does not have shape {@code [N][actDim]}
     */
    public VectorStep step(double[][] actions) {
        ensureOpen();
        if (needsReset) throw new IllegalStateException("VectorEnv: step() called before reset() (or after an env threw); call reset() first");
        checkActions(actions);
        int n = envs.length;
        double[][] obs = new double[n][];
        double[][] finals = new double[n][];
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        List<Map<String, Object>> infos = new ArrayList<>(Collections.nCopies(n, Map.of()));
        needsReset = true; // cleared only if every env stepped cleanly
        forEachIndex(i -> {
            StepResult r = envs[i].step(actions[i]);
            rewards[i] = r.reward();
            terminated[i] = r.terminated();
            truncated[i] = r.truncated();
            infos.set(i, r.info()); // distinct indices: safe without locking
            if (r.done()) {
                finals[i] = r.observation();
                obs[i] = resetEnv(i).observation();
            } else {
                obs[i] = r.observation();
            }
        });
        needsReset = false;
        return new VectorStep(obs, rewards, terminated, truncated, finals, List.copyOf(infos));
    }

    /** Closes every env (all of them, even if one throws) and stops the helper threads; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (pool != null) pool.shutdownNow();
        RuntimeException first = null;
        for (Env env : envs) {
            try {
                env.close();
            } catch (RuntimeException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    private void split(long seed) {
        SplittableRandom master = new SplittableRandom(seed);
        for (int i = 0; i < envs.length; i++) streams[i] = master.split();
    }

    private ResetResult resetEnv(int i) { return envs[i].reset(streams[i].nextLong()); }

    private void checkActions(double[][] actions) {
        if (actions == null || actions.length != envs.length) {
            throw new IllegalArgumentException("VectorEnv: actions has " + (actions == null ? "null" : actions.length)
                    + " rows, expected numEnvs = " + envs.length);
        }
        for (int i = 0; i < actions.length; i++) {
            if (actions[i] == null || actions[i].length != actionSpace.dim()) {
                throw new IllegalArgumentException("VectorEnv: actions[" + i + "] has length "
                        + (actions[i] == null ? "null" : actions[i].length) + ", expected " + actionSpace.dim());
            }
        }
    }

    /** Runs {@code body} for every index, in P contiguous blocks; block 0 in the caller's thread. */
    private void forEachIndex(IntConsumer body) {
        int n = envs.length;
        if (pool == null) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(poolSize - 1);
        for (int b = 1; b < poolSize; b++) {
            int from = b * n / poolSize, to = (b + 1) * n / poolSize;
            futures.add(pool.submit(() -> { for (int i = from; i < to; i++) body.accept(i); }));
        }
        RuntimeException failure = null;
        try {
            for (int i = 0, to = n / poolSize; i < to; i++) body.accept(i);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                if (failure == null) failure = cause; else failure.addSuppressed(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new IllegalStateException("VectorEnv: interrupted while stepping", e);
            }
        }
        if (failure != null) throw failure;
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("VectorEnv: used after close()");
    }

    @Override public String toString() {
        return "VectorEnv(n=" + envs.length + ", pool=" + poolSize + ", env=" + envs[0] + ")";
    }
}
