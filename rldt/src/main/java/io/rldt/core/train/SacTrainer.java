package io.rldt.core.train;

import io.rldt.autodiff.io.Checkpoint;
import io.rldt.autodiff.io.CheckpointException;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.agent.SacAgent;
import io.rldt.core.config.ConfigException;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.SacConfig;
import io.rldt.core.data.ReplayBuffer;
import io.rldt.core.metrics.CsvSink;
import io.rldt.core.metrics.JsonlSink;
import io.rldt.core.metrics.MetricsSink;
import io.rldt.core.metrics.SplitSink;
import io.rldt.core.metrics.TensorBoardSink;
import io.rldt.core.plot.RunPlots;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.StepResult;
import io.rldt.envs.vector.VectorEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SAC loop of baselines spec §1.2 around a {@link SacAgent}: one env, one transition per step into the
 * replay buffer, one update per step after warm-up, with deterministic evaluations, actor snapshots, metrics,
 * atomic checkpoints and exact resume.
 *
 * <pre>
 * for step in 0..N−1:
 *     a = uniform random if step &lt; learningStarts else a ~ π(·|s)
 *     s', r, terminated, truncated = env.step(a);  store (s, a, r, s', terminated)   (s' true, also at truncation)
 *     if step &gt; learningStarts: agent.update(batch of 256, step)
 *     every logEvery: metrics row; every evalEvery: evaluation; every snapshotEvery: actor snapshot
 *     at an episode end, once checkpointEvery steps have passed: checkpoint
 * </pre>
 *
 * <p>Reproducibility: every step's random draws come from {@code Seeds.rng(seed, "sac-step", step)} and episode
 * {@code e} starts from {@code reset(Seeds.derive(seed, "sac-env", e))}, so the run is a function of its seed.
 * Checkpoints are written only at episode ends, where the env holds no state, so a resumed run (after a kill, or
 * with a raised {@code loop.totalSteps}) is bit-identical to an uninterrupted one.
 */
public final class SacTrainer {
    private final SacConfig cfg;
    private final RunFiles files;
    private final List<TrainerCallback> callbacks = new ArrayList<>();
    private SacAgent agent;
    private double[] low, high;

    public SacTrainer(SacConfig cfg, Path runDir) {
        this.cfg = cfg;
        this.files = new RunFiles(runDir);
    }

    public SacTrainer addCallback(TrainerCallback cb) {
        callbacks.add(cb);
        return this;
    }

    /** Final figures: the last and best evaluation, env steps, wall seconds of this invocation. */
    public record Summary(double finalReturn, double bestReturn, long envSteps, double seconds) {}

    /** The counters and running sums a checkpoint carries besides the tensors. */
    private static final class LoopState {
        long step, episode, lastCheckpoint;
        double episodeReturn;          // of the episode in progress (0 at a checkpoint)
        int episodeLength;
        Window window = new Window();
    }

    /** Sums since the last metrics row (so a resumed run logs the same row). */
    private static final class Window {
        final TreeMap<String, double[]> sums = new TreeMap<>();
        double returnSum, lengthSum;
        int episodes;

        void add(Map<String, Double> m) {
            m.forEach((k, v) -> {
                double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                s[0] += v;
                s[1]++;
            });
        }
    }

    public Summary run() throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(files.snapshots());
        files.removeStaleTemporaries(); // left by a run killed mid-write
        checkConfig();
        Rng initRng = Seeds.rng(cfg.seed(), "sac-init", 0);
        LoopState st = new LoopState();
        try (Env env = makeEnv();
             VectorEnv evalEnvs = new VectorEnv(cfg.loop().evalEpisodes(), i -> makeEnv(), 1)) {
            Box as = env.actionSpace();
            low = as.low();
            high = as.high();
            int obsDim = env.observationSpace().dim(), actionDim = as.dim();
            agent = new SacAgent(cfg.sac(), obsDim, actionDim, low, high, initRng);
            ReplayBuffer replay = new ReplayBuffer(Math.min(cfg.sac().bufferSize(), cfg.loop().totalSteps()), obsDim, actionDim);
            if (Files.exists(files.checkpoint())) {
                load(files.checkpoint(), replay, st);
                message("resuming at env step " + st.step + " from " + files.checkpoint());
                files.truncateMetrics((int) st.step); // rows after the checkpoint are logged again
            } else {
                files.truncateMetrics(-1);
            }
            double[] best = {bestInMetrics()}, last = {lastInMetrics()};
            // time/* and mem/* go to timings.csv: metrics.csv and metrics.jsonl reproduce byte for byte.
            try (MetricsSink csv = new SplitSink(new CsvSink(files.metricsCsv()), new CsvSink(files.timingsCsv()));
                 MetricsSink jsonl = new SplitSink(new JsonlSink(files.metricsJsonl()), null);
                 MetricsSink tensorboard = new TensorBoardSink(files.dir().resolve("tensorboard"))) {
                List<MetricsSink> sinks = List.of(csv, jsonl, tensorboard);
                if (st.step == 0 && cfg.loop().evalEvery() > 0) {
                    Map<String, Double> row = new LinkedHashMap<>();
                    evaluate(evalEnvs, 0, row, best, last);
                    row.put("train/env_steps", 0.0);
                    for (MetricsSink sink : sinks) sink.log(0, row);
                    for (TrainerCallback cb : callbacks) cb.onIterationEnd(0, row);
                }
                train(env, evalEnvs, replay, st, sinks, best, last, start);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Summary s = new Summary(last[0], best[0], st.step, seconds);
            RunFiles.writeAtomically(files.summary(), String.format(Locale.ROOT,
                    "{\n  \"final_return\": %s,\n  \"best_return\": %s,\n  \"env_steps\": %d\n}\n",
                    num(s.finalReturn()), num(s.bestReturn()), s.envSteps()));
            files.writeTimings(seconds);
            RunPlots.learningCurve(files.metricsCsv(), files.learningCurve(), "SAC on " + cfg.task().env());
            return s;
        }
    }

    private void train(Env env, VectorEnv evalEnvs, ReplayBuffer replay, LoopState st, List<MetricsSink> sinks,
                       double[] best, double[] last, long start) throws IOException {
        var sac = cfg.sac();
        var loop = cfg.loop();
        int actionDim = low.length;
        double[] obs = null;
        long windowStart = System.nanoTime(), windowSteps = 0;
        while (st.step < loop.totalSteps()) {
            long step = st.step;
            if (obs == null) {
                obs = env.reset(Seeds.derive(cfg.seed(), "sac-env", st.episode)).observation();
                st.episodeReturn = 0;
                st.episodeLength = 0;
            }
            Rng rng = Seeds.rng(cfg.seed(), "sac-step", step);
            double[] action = new double[actionDim];
            if (step < sac.learningStarts()) {
                for (int j = 0; j < actionDim; j++) action[j] = low[j] + (high[j] - low[j]) * rng.nextDouble();
            } else {
                float[] a = agent.act(Tensor.of(toFloat(obs), 1, obs.length), rng, false).toArray(); // in and out once
                for (int j = 0; j < actionDim; j++) action[j] = a[j];
            }
            StepResult sr = env.step(action);
            replay.add(obs, action, sr.reward(), sr.observation(), sr.terminated());
            st.episodeReturn += sr.reward();
            st.episodeLength++;
            obs = sr.observation();
            if (step > sac.learningStarts()) {
                st.window.add(agent.update(replay.sample(sac.batchSize(), rng), step, rng));
            }
            boolean episodeEnd = sr.done();
            if (episodeEnd) {
                st.window.returnSum += st.episodeReturn;
                st.window.lengthSum += st.episodeLength;
                st.window.episodes++;
                st.episode++;
                obs = null;
            }
            st.step = step + 1;
            windowSteps++;
            for (TrainerCallback cb : callbacks) cb.onEnvSteps(st.step, loop.totalSteps());
            if (st.step % loop.logEvery() == 0) {
                Map<String, Double> row = new LinkedHashMap<>();
                row.put("train/env_steps", (double) st.step);
                row.put("train/episodes", (double) st.episode);
                if (st.window.episodes > 0) {
                    row.put("train/return_mean", st.window.returnSum / st.window.episodes);
                    row.put("train/episode_length", st.window.lengthSum / st.window.episodes);
                }
                st.window.sums.forEach((k, s) -> row.put(k, s[0] / s[1]));
                st.window = new Window();
                if (loop.evalEvery() > 0 && st.step % loop.evalEvery() == 0) evaluate(evalEnvs, st.step, row, best, last);
                double secs = (System.nanoTime() - windowStart) / 1e9;
                row.put("time/steps_per_s", windowSteps / Math.max(secs, 1e-9));
                row.put("time/elapsed_s", (System.nanoTime() - start) / 1e9);
                windowStart = System.nanoTime();
                windowSteps = 0;
                FiniteMetrics.require("env step " + st.step, row);
                for (MetricsSink sink : sinks) sink.log((int) st.step, row);
                for (TrainerCallback cb : callbacks) cb.onIterationEnd((int) st.step, row);
            }
            if (episodeEnd && st.step - st.lastCheckpoint >= loop.checkpointEvery()) {
                st.lastCheckpoint = st.step;
                save(files.checkpoint(), replay, st);
                for (TrainerCallback cb : callbacks) cb.onCheckpoint((int) st.step, files.checkpoint());
            }
        }
    }

    /** Deterministic evaluation into {@code row}; writes the actor snapshot when one is due. */
    private void evaluate(VectorEnv evalEnvs, long step, Map<String, Double> row, double[] best, double[] last)
            throws IOException {
        Evaluator.Result r = Evaluator.run(evalEnvs, (o, rng) -> agent.act(o, rng, true),
                Seeds.derive(cfg.seed(), "eval-env", 0), Seeds.rng(cfg.seed(), "eval-policy", 0));
        row.put("eval/return_mean", r.mean());
        row.put("eval/return_std", r.std());
        row.put("eval/return_min", r.min());
        row.put("eval/return_max", r.max());
        if (r.reportsSuccess()) row.put("eval/success_rate", r.successRate());
        best[0] = Math.max(Double.isNaN(best[0]) ? Double.NEGATIVE_INFINITY : best[0], r.mean());
        last[0] = r.mean();
        if (cfg.loop().snapshotEvery() > 0 && step % cfg.loop().snapshotEvery() == 0) {
            SacSnapshot.save(files.snapshot(step), agent.actor(), cfg.task().env(), cfg.sac().hidden(), low, high,
                    cfg.seed(), step, r.mean(), r.std(), Map.of("eval_episodes", Integer.toString(r.returns().length)));
        }
    }

    private Env makeEnv() {
        var t = cfg.task();
        return t.maxEpisodeSteps() > 0 ? EnvRegistry.make(t.env(), t.maxEpisodeSteps()) : EnvRegistry.make(t.env());
    }

    /** The agent after {@link #run()}. */
    public SacAgent agent() { return agent; }

    // -------------------------------------------------------------------------------------  checkpoints

    private Map<String, io.rldt.engine.Tensor> liveTensors() {
        Map<String, io.rldt.engine.Tensor> t = new LinkedHashMap<>();
        Checkpoint.add(t, "actor.", agent.actor());
        Checkpoint.add(t, "critic.", agent.critics());
        Checkpoint.add(t, "critic_target.", agent.targets());
        t.put("log_alpha", agent.logAlpha().value());
        Checkpoint.add(t, "actor.", agent.actorOptimizer());
        Checkpoint.add(t, "critic.", agent.criticOptimizer());
        Checkpoint.add(t, "alpha.", agent.alphaOptimizer());
        return t;
    }

    private void save(Path file, ReplayBuffer replay, LoopState st) throws IOException {
        Map<String, io.rldt.engine.Tensor> t = liveTensors();
        t.putAll(replay.state("replay."));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("config", ConfigToml.write(cfg));
        meta.put("loop.step", Long.toString(st.step));
        meta.put("loop.episode", Long.toString(st.episode));
        meta.put("replay.size", Integer.toString(replay.size()));
        meta.put("replay.position", Integer.toString(replay.position()));
        meta.put("window.returns", st.window.returnSum + "," + st.window.lengthSum + "," + st.window.episodes);
        StringBuilder sums = new StringBuilder();
        st.window.sums.forEach((k, s) -> sums.append(sums.isEmpty() ? "" : ";").append(k).append('=').append(s[0]).append(',').append(s[1]));
        meta.put("window.sums", sums.toString());
        for (var e : Map.of("actor.", agent.actorOptimizer(), "critic.", agent.criticOptimizer(), "alpha.", agent.alphaOptimizer()).entrySet()) {
            meta.put(Checkpoint.stepKey(e.getKey(), e.getValue()), Long.toString(e.getValue().stepCount()));
        }
        FiniteMetrics.requireFiniteTensors("env step " + st.step, t);
        Safetensors.write(file, t, meta);
    }

    private void load(Path file, ReplayBuffer replay, LoopState st) throws IOException {
        Map<String, String> meta = Checkpoint.load(file, liveTensors());
        for (var e : Map.of("actor.", agent.actorOptimizer(), "critic.", agent.criticOptimizer(), "alpha.", agent.alphaOptimizer()).entrySet()) {
            e.getValue().setStepCount(Metadata.longValue(file, meta, Checkpoint.stepKey(e.getKey(), e.getValue())));
        }
        st.step = Metadata.longValue(file, meta, "loop.step");
        st.episode = Metadata.longValue(file, meta, "loop.episode");
        st.lastCheckpoint = st.step;
        try {
            Map<String, io.rldt.engine.Tensor> stored = Safetensors.read(file).tensors();
            Metadata.requireFinite(file, stored, "replay.");
            replay.restore(stored, "replay.", (int) Metadata.longValue(file, meta, "replay.size"),
                    (int) Metadata.longValue(file, meta, "replay.position"));
            String[] w = meta.getOrDefault("window.returns", "0,0,0").split(",");
            st.window.returnSum = Double.parseDouble(w[0]);
            st.window.lengthSum = Double.parseDouble(w[1]);
            st.window.episodes = Integer.parseInt(w[2]);
            String sums = meta.getOrDefault("window.sums", "");
            if (!sums.isEmpty()) {
                for (String kv : sums.split(";")) {
                    int eq = kv.lastIndexOf('=');
                    String[] v = kv.substring(eq + 1).split(",");
                    st.window.sums.put(kv.substring(0, eq), new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1])});
                }
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | StringIndexOutOfBoundsException e) {
            throw new CheckpointException(file, null, "replay or loop state is inconsistent: " + e.getMessage());
        }
    }

    /**
     * A run directory belongs to one configuration; only {@code loop.totalSteps} may change (raising it continues
     * a finished run exactly, since checkpoints sit at episode ends).
     */
    private void checkConfig() throws IOException {
        String toml = ConfigToml.write(cfg);
        boolean nothingTrained = !Files.exists(files.checkpoint()) && !Files.exists(files.metricsCsv());
        if (Files.exists(files.config()) && !nothingTrained) {
            // Keys the file lacks (settings added after the run started) count as their present value.
            SacConfig existing;
            try {
                existing = ConfigToml.merge(cfg, Files.readString(files.config()), SacConfig.class);
            } catch (ConfigException notASacConfig) {
                existing = null;
            }
            if (existing == null || !existing.withTotalSteps(cfg.loop().totalSteps()).equals(cfg)) {
                String what = ConfigToml.differences(Files.readString(files.config()), cfg, SacConfig.class);
                throw new IllegalStateException("run directory " + files.dir() + " holds a run with a different config ("
                        + files.config() + (what.isEmpty() ? "" : ": " + what) + "); use a new directory, or the same config "
                        + "(only loop.totalSteps may change)");
            }
        }
        RunFiles.writeAtomically(files.config(), toml);
        if (!Files.exists(files.metadata())) RunFiles.writeAtomically(files.metadata(), RunMetadata.json());
    }

    private double bestInMetrics() {
        double[] e = evaluations();
        double b = Double.NaN;
        for (double x : e) b = Double.isNaN(b) ? x : Math.max(b, x);
        return b;
    }

    private double lastInMetrics() {
        double[] e = evaluations();
        return e.length == 0 ? Double.NaN : e[e.length - 1];
    }

    private double[] evaluations() {
        if (!Files.exists(files.metricsCsv())) return new double[0];
        try {
            return io.rldt.core.plot.ComparisonPlot.loadCsv(files.metricsCsv(), "eval", "iteration", "eval/return_mean").y();
        } catch (IllegalArgumentException noEvaluationYet) {
            return new double[0];
        }
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private void message(String msg) {
        for (TrainerCallback cb : callbacks) cb.onMessage(msg);
    }
}
