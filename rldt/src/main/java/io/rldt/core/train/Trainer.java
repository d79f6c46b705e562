package io.rldt.core.train;

import io.rldt.core.agent.QamAgent;
import io.rldt.core.agent.RldtAgent;
import io.rldt.core.agent.TrajectoryAgent;
import io.rldt.core.config.ConfigException;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.data.RewardScaler;
import io.rldt.core.data.Trajectory;
import io.rldt.core.data.TrajectoryBuffer;
import io.rldt.core.demo.DemoSources;
import io.rldt.core.metrics.CsvSink;
import io.rldt.core.metrics.JsonlSink;
import io.rldt.core.metrics.SplitSink;
import io.rldt.core.metrics.MetricsSink;
import io.rldt.core.metrics.TensorBoardSink;
import io.rldt.core.plot.ComparisonPlot;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.engine.Rng;
import io.rldt.envs.vector.VectorEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training loop of spec §6 around a {@link TrajectoryAgent} ({@link RldtAgent}, or {@link QamAgent} when
 * {@code algorithm = "qam"}): demonstrations and pretraining, then iterations
 * of rollouts, buffer and update rounds, with evaluation-only iterations, metrics, atomic checkpoints and
 * exact resume.
 *
 * <pre>
 * pretrain v_θ by CFM on demonstrations; ref ← copy(v_θ); init critic ensemble + targets
 * for itr in 0..N−1:
 *     every evalEvery-th itr (from 0): evaluate only (deterministic, no update, not budget)
 *     otherwise: roll out E envs × T chunk steps with exploration (episodes run on across iterations) → FIFO buffer
 *         repeat rounds: batch = E env rollouts, a share max(fresh/(fresh + old), freshFraction) of them from this
 *                        iteration, the rest from the buffer, drawn anew each round; critic steps; actor steps
 *                        if itr > start
 *         ref ← copy(v_θ)
 * </pre>
 * If the run directory already holds a checkpoint of the same config, the run continues after it and ends
 * bit-identical to an uninterrupted run (same seed, thread count and backend).
 */
public final class Trainer {
    private final RldtConfig cfg;
    private final RunFiles files;
    private final List<TrainerCallback> callbacks = new ArrayList<>();
    private TrajectoryAgent agent;
    private PretrainedPolicy pretrained;
    private java.util.function.DoubleBinaryOperator landscape;
    private List<java.nio.file.Path> plots = List.of();

    public Trainer(RldtConfig cfg, java.nio.file.Path runDir) {
        this.cfg = cfg;
        this.files = new RunFiles(runDir);
    }

    public Trainer addCallback(TrainerCallback cb) {
        callbacks.add(cb);
        return this;
    }

    /**
     * The reward at a 2-D action {@code (x, y)}, drawn behind the particle picture of tasks with 2-D actions
     * (default: the bimodal bandit's own for the bandit, none otherwise).
     */
    public Trainer rewardLandscape(java.util.function.DoubleBinaryOperator reward) {
        this.landscape = reward;
        return this;
    }

    /** The pictures {@link #run()} wrote: {@code learning_curve.png}, and {@code particles.png} for 2-D actions. */
    public List<java.nio.file.Path> plots() { return plots; }

    /** Final figures of a run. */
    public record Summary(double pretrainedReturn, double finalReturn, double bestReturn, long envSteps,
                          int iterations, double seconds) {}

    public Summary run() throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(files.dir());
        files.removeStaleTemporaries(); // left by a run killed mid-write
        checkConfig();

        // ---- demonstrations and pretraining (skipped when the run directory already has them)
        files.requirePretrainedBesideCheckpoint();
        PretrainedPolicy pre = PretrainedPolicy.loadOrTrain(cfg, files, callbacks);
        pretrained = PretrainedPolicy.load(files.pretrained(), cfg); // an untouched copy for callers (plots)
        FlowPolicy policy = pre.policy();
        NormalizationStats stats = pre.stats();

        // ---- agent, envs, buffer
        float[][] bounds = TaskEnvs.actionBounds(cfg.task(), stats);
        Rng init = Seeds.rng(cfg.seed(), "agent-init", 0);
        agent = "qam".equals(cfg.algorithm()) ? new QamAgent(cfg, policy, bounds[0], bounds[1], init)
                : new RldtAgent(cfg, policy, bounds[0], bounds[1], init);
        TrajectoryBuffer buffer = new TrajectoryBuffer(cfg.loop().bufferIterations());
        String pretrainedSha256 = files.pretrainedSha256(); // recorded in every checkpoint
        Rollouts.Carry carry = new Rollouts.Carry(Seeds.derive(cfg.seed(), "train-env", 0), cfg.loop().envs());
        AgentCheckpoint.EnvState envState = null;
        int first = 0;
        long envSteps = 0;
        if (Files.exists(files.checkpoint())) {
            AgentCheckpoint.LoopState s = AgentCheckpoint.load(files.checkpoint(), agent, buffer);
            files.requireResumable(s.iteration(), cfg.loop().iterations());
            envState = AgentCheckpoint.envState(files.checkpoint());
            first = s.iteration() + 1;
            envSteps = s.envSteps();
            files.truncateMetrics(s.iteration());
            message("resuming after iteration " + s.iteration() + " from " + files.checkpoint());
        } else {
            files.truncateMetrics(-1);
            calibrateRewardScale(agent.rewardScaler()); // a resumed run restored the scale from its checkpoint
        }

        // A resumed run picks up the evaluations its earlier part logged.
        double[] earlier = first > 0 ? evaluationsInMetrics() : new double[0];
        double pretrainedReturn = earlier.length > 0 ? earlier[0] : Double.NaN;
        double finalReturn = earlier.length > 0 ? earlier[earlier.length - 1] : Double.NaN;
        double best = Double.NEGATIVE_INFINITY;
        for (double e : earlier) best = Math.max(best, e);
        var loop = cfg.loop();
        try (VectorEnv train = new VectorEnv(loop.envs(), i -> TaskEnvs.make(cfg.task(), stats), loop.threads());
             VectorEnv eval = new VectorEnv(loop.evalEpisodes(), i -> TaskEnvs.make(cfg.task(), stats), loop.threads());
             // time/* and mem/* go to timings.csv: metrics.csv and metrics.jsonl reproduce byte for byte.
             MetricsSink csv = new SplitSink(new CsvSink(files.metricsCsv()), new CsvSink(files.timingsCsv()));
             MetricsSink jsonl = new SplitSink(new JsonlSink(files.metricsJsonl()), null);
             MetricsSink tensorboard = new TensorBoardSink(files.dir().resolve("tensorboard"))) {
            if (envState != null) carry.restore(train, envState.episodes(), envState.currentEpisodeActions());
            int total = loop.iterations();
            for (int itr = first; itr <= total; itr++) {
                boolean finalEval = itr == total;
                if (finalEval && loop.isEvalIteration(total - 1)) break; // the last iteration already evaluated
                boolean evaluation = finalEval || loop.isEvalIteration(itr);
                for (TrainerCallback cb : callbacks) cb.onIterationStart(itr, total, evaluation);
                long t0 = System.nanoTime();
                Map<String, Double> m = new LinkedHashMap<>();
                if (evaluation) {
                    // The same start states at every evaluation, so evaluations differ only by the policy.
                    Evaluator.Result r = Evaluator.run(eval, agent, Seeds.derive(cfg.seed(), "eval-env", 0),
                            Seeds.rng(cfg.seed(), "eval-policy", 0), cfg.policy().deterministicEval());
                    m.put("eval/return_mean", r.mean());
                    m.put("eval/return_std", r.std());
                    m.put("eval/return_min", r.min());
                    m.put("eval/return_max", r.max());
                    if (r.reportsSuccess()) m.put("eval/success_rate", r.successRate()); // tasks that define success
                    if (itr == 0) pretrainedReturn = r.mean();
                    finalReturn = r.mean();
                    best = Math.max(best, r.mean());
                } else {
                    envSteps += trainIteration(itr, agent, buffer, train, carry, m);
                }
                m.put("train/env_steps", (double) envSteps);
                m.put("time/iteration_s", (System.nanoTime() - t0) / 1e9);
                m.put("mem/peak_heap_mb", PeakHeap.takeMegabytes()); // machine-dependent, like time/*
                FiniteMetrics.require("iteration " + itr, m);
                csv.log(itr, m);
                jsonl.log(itr, m);
                tensorboard.log(itr, m);
                for (TrainerCallback cb : callbacks) cb.onIterationEnd(itr, m);
                boolean due = loop.checkpointEvery() > 0 && (itr + 1) % loop.checkpointEvery() == 0;
                if (!finalEval && (due || itr == total - 1)) {
                    AgentCheckpoint.save(files.checkpoint(), agent, buffer, new AgentCheckpoint.LoopState(itr, envSteps), carry,
                            Map.of("config", ConfigToml.write(cfg), RunFiles.PRETRAINED_SHA256, pretrainedSha256));
                    for (TrainerCallback cb : callbacks) cb.onCheckpoint(itr, files.checkpoint());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Summary summary = new Summary(pretrainedReturn, finalReturn, best, envSteps, cfg.loop().iterations(), seconds);
        RunFiles.writeAtomically(files.summary(), summaryJson(summary));
        files.writeTimings(seconds);
        // The figures come last and are optional: -Drldt.plots=false skips them (a machine without the plotting
        // libraries or java.desktop, as on the GPU check), and a run whose figures cannot be drawn keeps its results.
        if (!"false".equals(System.getProperty("rldt.plots"))) {
            try {
                plots = RunReport.write(cfg, files.dir(), pretrained.policy(), agent.policy(), pretrained.stats(), landscape);
            } catch (LinkageError e) {
                message("figures not drawn (" + e + "): the plotting libraries or java.desktop are missing; "
                        + "the run's metrics and checkpoint are written");
            }
        }
        return summary;
    }

    /**
     * {@code critic.rewardScale = "dataset"}: the reward divisor is the demonstrations' mean |chunk reward|, measured
     * once before the first iteration on the demonstrations of this task and seed (the ones pretraining used).
     */
    private void calibrateRewardScale(RewardScaler scaler) {
        if (scaler.mode() != RewardScaler.Mode.DATASET || !cfg.critic().rewardScaling()) return;
        double scale = DemoSources.meanAbsChunkReward(cfg.task(), Seeds.derive(cfg.seed(), "demos", 0));
        try {
            scaler.calibrate(scale);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("critic.rewardScale", "dataset", "\"ema\" or \"fixed\": " + e.getMessage());
        }
        message(String.format(java.util.Locale.ROOT, "reward scale (critic.rewardScale = dataset): rewards divided by %.6g, "
                + "the demonstrations' mean |chunk reward|", scale));
    }

    /** The agent after {@link #run()} (the fine-tuned policy is {@code agent().policy()}). */
    public TrajectoryAgent agent() { return agent; }

    /** The pretrained policy as it was before fine-tuning, after {@link #run()}. */
    public PretrainedPolicy pretrained() { return pretrained; }

    /** One training iteration; returns the env steps taken. */
    private long trainIteration(int itr, TrajectoryAgent agent, TrajectoryBuffer buffer, VectorEnv envs, Rollouts.Carry carry,
                                Map<String, Double> m) {
        var loop = cfg.loop();
        Rng rng = Seeds.rng(cfg.seed(), "train", itr);
        long tStart = System.nanoTime();
        Rollouts.Result r = Rollouts.collect(envs, agent, loop.chunkSteps(), carry, rng, loop.exploration(),
                step -> callbacks.forEach(cb -> cb.onRolloutStep(itr, step, loop.chunkSteps())));
        m.put("time/rollout_s", (System.nanoTime() - tStart) / 1e9);
        List<List<Trajectory>> fresh = r.groups();
        agent.observeRewards(r.trajectories());
        List<List<Trajectory>> older = buffer.all();
        buffer.push(fresh);
        boolean actorActive = itr > cfg.actor().startIteration();
        // The authors' round batch: E env rollouts, a share max(fresh / (fresh + old), freshFraction) of them from
        // this iteration (rounded down, as their code does: 3 of 10 at a third), the rest from the buffer, re-drawn
        // every round.
        int batchSize = loop.envs();
        double freshShare = Math.max((double) fresh.size() / (fresh.size() + older.size()), loop.freshFraction());
        int freshCount = Math.min(fresh.size(), Math.max(1, (int) (batchSize * freshShare + 1e-9)));
        int oldCount = Math.min(older.size(), batchSize - freshCount);
        Map<String, double[]> sums = new TreeMap<>();
        for (int round = 0; round < loop.rounds(); round++) {
            List<List<Trajectory>> batch = new ArrayList<>(sample(fresh, freshCount, rng));
            batch.addAll(sample(older, oldCount, rng));
            shuffle(batch, rng);
            Map<String, Double> rm = agent.updateRound(batch, rng, actorActive);
            rm.forEach((k, v) -> {
                double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                s[0] += v;
                s[1]++;
            });
            for (TrainerCallback cb : callbacks) cb.onRound(itr, round, loop.rounds());
        }
        agent.endIteration();
        // Losses and statistics: the mean over the rounds; wall times (time/*): the iteration's total.
        sums.forEach((k, s) -> m.put(k, k.startsWith("time/") ? s[0] : s[0] / s[1]));
        double mean = 0;
        for (double x : r.episodeReturns()) mean += x / r.episodeReturns().length;
        m.put("train/return_mean", r.episodeReturns().length == 0 ? Double.NaN : mean);
        m.put("train/episodes", (double) r.episodeReturns().length);
        m.put("train/trajectories", (double) r.trajectories().size());
        m.put("train/buffer_rollouts", (double) buffer.size());
        m.put("train/batch_rollouts", (double) (freshCount + oldCount));
        return r.envSteps();
    }

    /** {@code count} distinct items drawn without replacement (partial Fisher–Yates on a copy). */
    static <T> List<T> sample(List<T> from, int count, Rng rng) {
        List<T> copy = new ArrayList<>(from);
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(copy.size() - i);
            T tmp = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, tmp);
        }
        return copy.subList(0, count);
    }

    static <T> void shuffle(List<T> list, Rng rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    /** Refuses to mix runs: a run directory belongs to one configuration. */
    private void checkConfig() throws IOException {
        String toml = ConfigToml.write(cfg);
        // A start that failed before its first iteration (a missing dataset, a bad key) left a config.toml and
        // nothing trained: the corrected rerun replaces it instead of being refused.
        boolean nothingTrained = !Files.exists(files.checkpoint()) && !Files.exists(files.metricsCsv());
        if (Files.exists(files.config()) && !nothingTrained) {
            if (!ConfigToml.sameRun(Files.readString(files.config()), cfg)) {
                String what = ConfigToml.differences(Files.readString(files.config()), cfg, RldtConfig.class);
                throw new IllegalStateException("run directory " + files.dir() + " holds a run with a different config ("
                        + files.config() + (what.isEmpty() ? "" : ": " + what) + "); use a new directory or the same config "
                        + "to resume (--set KEY=VALUE with the run's values)");
            }
        } else {
            files.requirePretrainedServes(old -> ConfigToml.merge(cfg, old), cfg);
            RunFiles.writeAtomically(files.config(), toml);
        }
        if (!Files.exists(files.metadata())) RunFiles.writeAtomically(files.metadata(), RunMetadata.json());
    }

    /** eval/return_mean of every evaluation iteration already in metrics.csv, in iteration order. */
    private double[] evaluationsInMetrics() {
        if (!Files.exists(files.metricsCsv())) return new double[0];
        try {
            return ComparisonPlot.loadCsv(files.metricsCsv(), "eval", "iteration", "eval/return_mean").y();
        } catch (IllegalArgumentException noEvaluationYet) {
            return new double[0];
        }
    }

    private static String summaryJson(Summary s) {
        return "{\n  \"pretrained_return\": " + num(s.pretrainedReturn()) + ",\n  \"final_return\": " + num(s.finalReturn())
                + ",\n  \"best_return\": " + num(s.bestReturn()) + ",\n  \"env_steps\": " + s.envSteps()
                + ",\n  \"iterations\": " + s.iterations() + "\n}\n";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private void message(String msg) {
        for (TrainerCallback cb : callbacks) cb.onMessage(msg);
    }
}
