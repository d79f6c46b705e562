package io.rldt.core.train;

import io.rldt.autodiff.io.Checkpoint;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.autodiff.optim.Adam;
import io.rldt.core.agent.OnPolicyAgent;
import io.rldt.core.agent.OnPolicyAgents;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.data.Gae;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.data.OnPolicyBatch;
import io.rldt.core.data.RunningReturnScaler;
import io.rldt.core.metrics.CsvSink;
import io.rldt.core.metrics.JsonlSink;
import io.rldt.core.metrics.SplitSink;
import io.rldt.core.metrics.MetricsSink;
import io.rldt.core.metrics.TensorBoardSink;
import io.rldt.core.plot.ComparisonPlot;
import io.rldt.core.plot.RunPlots;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.vector.VectorEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-policy loop of the PPO-family baselines (baselines spec §2.3, §3.3, §4.2, §6, §7) around an
 * {@link OnPolicyAgent}:
 * <pre>
 * load (or pretrain) the run's flow policy — the same checkpoint RLDT starts from
 * for itr in 0..N−1:
 *     every evalEvery-th itr (from 0): evaluate only (deterministic, x_0 = 0, unless policy.deterministicEval is
 *                                      false as on the bandit; never budget)
 *     otherwise: roll out E envs × T chunk steps (episodes run on across iterations), records per step
 *                r̃ = r / std of the running discounted return (the iteration's returns folded in first)
 *                V(s), V(s');  GAE → (A, R);  agent.update(batch)
 * </pre>
 * Same seed, threads and backend ⇒ bit-identical runs: every random stream is derived from the seed, the
 * consumer and the iteration ({@link Seeds}). A checkpoint (written atomically) holds the networks, the
 * optimisers, the reward scaler and where the envs stand, so a run killed at any point resumes bit-identically.
 * A non-finite actor or critic metric stops the run, naming the iteration and the metric.
 */
public final class OnPolicyTrainer {
    private final OnPolicyConfig cfg;
    private final RunFiles files;
    private String pretrainedSha256; // of the run's pretrained.safetensors, set by run()
    private final List<TrainerCallback> callbacks = new ArrayList<>();
    private OnPolicyAgent agent;
    private PretrainedPolicy pretrained;

    public OnPolicyTrainer(OnPolicyConfig cfg, Path runDir) {
        this.cfg = cfg;
        this.files = new RunFiles(runDir);
    }

    public OnPolicyTrainer addCallback(TrainerCallback cb) {
        callbacks.add(cb);
        return this;
    }

    public Trainer.Summary run() throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(files.dir());
        files.removeStaleTemporaries();
        checkConfig();
        files.requirePretrainedBesideCheckpoint();
        PretrainedPolicy pre = PretrainedPolicy.loadOrTrain(cfg.pretrainView(), files, callbacks);
        pretrainedSha256 = files.pretrainedSha256(); // recorded in every checkpoint
        pretrained = PretrainedPolicy.load(files.pretrained(), cfg.pretrainView());
        NormalizationStats stats = pre.stats();
        float[][] bounds = TaskEnvs.actionBounds(cfg.task(), stats);
        float low = Float.POSITIVE_INFINITY, high = Float.NEGATIVE_INFINITY;
        for (float v : bounds[0]) low = Math.min(low, v);
        for (float v : bounds[1]) high = Math.max(high, v);
        agent = OnPolicyAgents.create(cfg, pre.policy(), low, high, Seeds.rng(cfg.seed(), "agent-init", 0));
        var loop = cfg.loop();
        RunningReturnScaler scaler = new RunningReturnScaler(loop.envs(), cfg.ppo().gamma(), 10.0);
        Rollouts.Carry carry = new Rollouts.Carry(Seeds.derive(cfg.seed(), "train-env", 0), loop.envs());
        int first = 0;
        long envSteps = 0;
        CheckpointState saved = null;
        if (Files.exists(files.checkpoint())) {
            saved = load(files.checkpoint(), scaler);
            files.requireResumable(saved.iteration, loop.iterations());
            first = saved.iteration + 1;
            envSteps = saved.envSteps;
            files.truncateMetrics(saved.iteration);
            message("resuming after iteration " + saved.iteration + " from " + files.checkpoint());
        } else {
            files.truncateMetrics(-1);
        }
        double[] earlier = first > 0 ? evaluationsInMetrics() : new double[0];
        double pretrainedReturn = earlier.length > 0 ? earlier[0] : Double.NaN;
        double finalReturn = earlier.length > 0 ? earlier[earlier.length - 1] : Double.NaN;
        double best = Double.NEGATIVE_INFINITY;
        for (double e : earlier) best = Math.max(best, e);
        try (VectorEnv train = new VectorEnv(loop.envs(), i -> TaskEnvs.make(cfg.task(), stats), loop.threads());
             VectorEnv eval = new VectorEnv(loop.evalEpisodes(), i -> TaskEnvs.make(cfg.task(), stats), loop.threads());
             // time/* and mem/* go to timings.csv: metrics.csv and metrics.jsonl reproduce byte for byte.
             MetricsSink csv = new SplitSink(new CsvSink(files.metricsCsv()), new CsvSink(files.timingsCsv()));
             MetricsSink jsonl = new SplitSink(new JsonlSink(files.metricsJsonl()), null);
             MetricsSink tensorboard = new TensorBoardSink(files.dir().resolve("tensorboard"))) {
            if (saved != null) carry.restore(train, saved.episodes, saved.actions);
            int total = loop.iterations();
            for (int itr = first; itr <= total; itr++) {
                boolean finalEval = itr == total;
                if (finalEval && loop.isEvalIteration(total - 1)) break; // the last iteration already evaluated
                boolean evaluation = finalEval || loop.isEvalIteration(itr);
                for (TrainerCallback cb : callbacks) cb.onIterationStart(itr, total, evaluation);
                long t0 = System.nanoTime();
                Map<String, Double> m = new LinkedHashMap<>();
                if (evaluation) {
                    // Deterministic (x_0 = 0, no injected noise) unless the task's protocol samples (the bandit).
                    Evaluator.Policy evalPolicy = cfg.policy().deterministicEval() ? (obs, rng) -> agent.actDeterministic(obs)
                            : (obs, rng) -> agent.act(obs, rng).actions();
                    Evaluator.Result r = Evaluator.run(eval, evalPolicy,
                            Seeds.derive(cfg.seed(), "eval-env", 0), Seeds.rng(cfg.seed(), "eval-policy", 0));
                    m.put("eval/return_mean", r.mean());
                    m.put("eval/return_std", r.std());
                    m.put("eval/return_min", r.min());
                    m.put("eval/return_max", r.max());
                    if (r.reportsSuccess()) m.put("eval/success_rate", r.successRate()); // tasks that define success
                    if (itr == 0) pretrainedReturn = r.mean();
                    finalReturn = r.mean();
                    best = Math.max(best, r.mean());
                } else {
                    envSteps += trainIteration(itr, train, carry, scaler, m);
                }
                m.put("train/env_steps", (double) envSteps);
                m.put("time/iteration_s", (System.nanoTime() - t0) / 1e9);
                m.put("mem/peak_heap_mb", PeakHeap.takeMegabytes());
                FiniteMetrics.require("iteration " + itr, m);
                csv.log(itr, m);
                jsonl.log(itr, m);
                tensorboard.log(itr, m);
                for (TrainerCallback cb : callbacks) cb.onIterationEnd(itr, m);
                boolean due = loop.checkpointEvery() > 0 && (itr + 1) % loop.checkpointEvery() == 0;
                if (!finalEval && (due || itr == total - 1)) {
                    save(files.checkpoint(), itr, envSteps, scaler, carry);
                    for (TrainerCallback cb : callbacks) cb.onCheckpoint(itr, files.checkpoint());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Trainer.Summary s = new Trainer.Summary(pretrainedReturn, finalReturn, best, envSteps, loop.iterations(), seconds);
        RunFiles.writeAtomically(files.summary(), String.format(java.util.Locale.ROOT,
                "{\n  \"algo\": \"%s\",\n  \"pretrained_return\": %s,\n  \"final_return\": %s,\n  \"best_return\": %s,\n"
                        + "  \"env_steps\": %d,\n  \"iterations\": %d\n}\n", cfg.algo(), num(pretrainedReturn),
                num(finalReturn), num(best), envSteps, loop.iterations()));
        files.writeTimings(seconds);
        RunPlots.learningCurve(files.metricsCsv(), files.learningCurve(), cfg.algo() + " on " + cfg.task().env());
        return s;
    }

    /** The agent after {@link #run()}. */
    public OnPolicyAgent agent() { return agent; }

    /** The pretrained policy as it was before fine-tuning, after {@link #run()}. */
    public PretrainedPolicy pretrained() { return pretrained; }

    /** Training iterations before iteration {@code itr} (the index schedules use). */
    int trainIndex(int itr) {
        int n = 0;
        for (int i = 0; i < itr; i++) if (!cfg.loop().isEvalIteration(i)) n++;
        return n;
    }

    /** Rollout, returns and one update; returns the env steps taken. */
    private long trainIteration(int itr, VectorEnv envs, Rollouts.Carry carry, RunningReturnScaler scaler,
                                Map<String, Double> m) {
        var loop = cfg.loop();
        var ppo = cfg.ppo();
        int trainIteration = trainIndex(itr);
        agent.beginIteration(trainIteration);
        long t0 = System.nanoTime();
        OnPolicyRollouts.Result r = OnPolicyRollouts.collect(envs, agent, loop.chunkSteps(), carry,
                Seeds.rng(cfg.seed(), "rollout", itr), step -> callbacks.forEach(cb -> cb.onRolloutStep(itr, step, loop.chunkSteps())));
        long t1 = System.nanoTime();
        int e = r.envs(), rows = r.steps() * e, o = envs.singleObservationSpace().dim();
        float[] rewards = r.rewards().clone();
        if (ppo.rewardScaling()) {
            // The whole iteration's discounted returns update the statistics once, then every reward is divided.
            boolean[] done = new boolean[rows];
            for (int i = 0; i < rows; i++) done[i] = r.terminated()[i] || r.truncated()[i];
            scaler.scaleIteration(rewards, done, r.steps());
        }
        float[] values = agent.value().values(Tensor.wrap(r.observations(), rows, o));
        float[] nextValues = agent.value().values(Tensor.wrap(r.nextObservations(), rows, o));
        float[] advantages = new float[rows], returns = new float[rows];
        Gae.compute(rewards, values, nextValues, r.terminated(), r.truncated(), r.steps(), e, ppo.gamma(), ppo.lambda(),
                ppo.truncationAsTerminal(), advantages, returns);
        OnPolicyBatch batch = new OnPolicyBatch(rows, o, r.actions().length / rows, agent.recordWidth(), r.observations(),
                r.actions(), r.records(), values, advantages, returns);
        m.putAll(agent.update(batch, trainIteration, Seeds.rng(cfg.seed(), "update", itr)));
        double mean = 0;
        for (double x : r.episodeReturns()) mean += x / r.episodeReturns().length;
        m.put("train/return_mean", r.episodeReturns().length == 0 ? Double.NaN : mean);
        m.put("train/episodes", (double) r.episodeReturns().length);
        m.put("train/reward_scale", ppo.rewardScaling() ? scaler.std() : 1.0);
        m.put("critic/value_mean", mean(values));
        m.put("critic/return_mean", mean(returns));
        m.put("time/rollout_s", (t1 - t0) / 1e9);
        m.put("time/update_s", (System.nanoTime() - t1) / 1e9);
        return r.envSteps();
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float v : x) s += v;
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    // -------------------------------------------------------------------------------------  checkpoints

    private record CheckpointState(int iteration, long envSteps, long[] episodes, List<List<double[]>> actions) {}

    private Map<String, Tensor> liveTensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        agent.modules().forEach((prefix, module) -> Checkpoint.add(t, prefix, module));
        agent.optimizers().forEach((prefix, opt) -> Checkpoint.add(t, prefix, opt));
        return t;
    }

    private void save(Path file, int itr, long envSteps, RunningReturnScaler scaler, Rollouts.Carry carry)
            throws IOException {
        Map<String, Tensor> t = liveTensors();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("config", ConfigToml.write(cfg));
        meta.put(RunFiles.PRETRAINED_SHA256, pretrainedSha256);
        meta.put("loop.iteration", Integer.toString(itr));
        meta.put("loop.env_steps", Long.toString(envSteps));
        meta.put("reward_scaler", Metadata.join(scaler.state()));
        for (Map.Entry<String, Adam> e : agent.optimizers().entrySet()) {
            meta.put(Checkpoint.stepKey(e.getKey(), e.getValue()), Long.toString(e.getValue().stepCount()));
        }
        AgentCheckpoint.packCarry(t, meta, carry);
        FiniteMetrics.requireFiniteTensors("iteration " + itr, t);
        Safetensors.write(file, t, meta);
    }

    private CheckpointState load(Path file, RunningReturnScaler scaler) throws IOException {
        Map<String, String> meta = Checkpoint.load(file, liveTensors());
        for (Map.Entry<String, Adam> e : agent.optimizers().entrySet()) {
            e.getValue().setStepCount(Metadata.longValue(file, meta, Checkpoint.stepKey(e.getKey(), e.getValue())));
        }
        try {
            scaler.restore(Metadata.doubles(file, meta, "reward_scaler"));
        } catch (IllegalArgumentException ex) {
            throw new io.rldt.autodiff.io.CheckpointException(file, null, ex.getMessage());
        }
        AgentCheckpoint.EnvState env = AgentCheckpoint.envState(file, Safetensors.read(file), cfg.loop().envs());
        return new CheckpointState((int) Metadata.longValue(file, meta, "loop.iteration"),
                Metadata.longValue(file, meta, "loop.env_steps"), env.episodes(), env.currentEpisodeActions());
    }

    /**
     * A run directory belongs to one configuration, compared as {@link Trainer} does: keys the file lacks (settings
     * added after the run started) count as their present value; a start that failed before training anything
     * is replaced by the corrected rerun.
     */
    private void checkConfig() throws IOException {
        String toml = ConfigToml.write(cfg);
        boolean nothingTrained = !Files.exists(files.checkpoint()) && !Files.exists(files.metricsCsv());
        if (Files.exists(files.config()) && !nothingTrained) {
            if (!ConfigToml.sameRun(Files.readString(files.config()), cfg, OnPolicyConfig.class)) {
                String what = ConfigToml.differences(Files.readString(files.config()), cfg, OnPolicyConfig.class);
                throw new IllegalStateException("run directory " + files.dir() + " holds a run with a different config ("
                        + files.config() + (what.isEmpty() ? "" : ": " + what) + "); use a new directory or the same config "
                        + "to resume (--set KEY=VALUE with the run's values)");
            }
        } else {
            files.requirePretrainedServes(old -> ConfigToml.merge(cfg, old, OnPolicyConfig.class).pretrainView(),
                    cfg.pretrainView());
            RunFiles.writeAtomically(files.config(), toml);
        }
        if (!Files.exists(files.metadata())) RunFiles.writeAtomically(files.metadata(), RunMetadata.json());
    }

    private double[] evaluationsInMetrics() {
        if (!Files.exists(files.metricsCsv())) return new double[0];
        try {
            return ComparisonPlot.loadCsv(files.metricsCsv(), "eval", "iteration", "eval/return_mean").y();
        } catch (IllegalArgumentException noEvaluationYet) {
            return new double[0];
        }
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private void message(String msg) {
        for (TrainerCallback cb : callbacks) cb.onMessage(msg);
    }
}
