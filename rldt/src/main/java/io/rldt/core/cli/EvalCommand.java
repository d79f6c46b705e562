package io.rldt.core.cli;

import io.rldt.core.agent.RldtAgent;
import io.rldt.envs.tasks.BimodalBandit;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.metrics.D4rlScore;
import io.rldt.core.train.Evaluator;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.SacSnapshot;
import io.rldt.core.train.TaskEnvs;
import io.rldt.engine.Rng;
import io.rldt.envs.vector.VectorEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Evaluates a run's policy (pretrained or fine-tuned) for N episodes; prints mean ± std (and the success rate for
 * tasks that define success) and writes {@code eval.json}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a policy: a run directory (fine-tuned checkpoint if present, else pretrained), a pretrained.safetensors",
                "or a SAC actor snapshot (20 episodes by default).",
                "Prints the mean ± std of the episode returns (and the success rate where the task defines success) and writes eval.json."})
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR|FILE", description = "a run directory, a pretrained .safetensors file or a SAC actor snapshot")
    Path target;

    @Option(names = "--policy", description = "which weights of a run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            defaultValue = "auto")
    PolicyFiles.Which which;

    @Option(names = {"-n", "--episodes"}, description = "episodes (default: the config's loop.evalEpisodes)")
    Integer episodes;

    @Option(names = "--deterministic", negatable = true,
            description = "start the flow from x0 = 0 (--no-deterministic: sample x0 ~ N(0, I)); default: the config's policy.deterministicEval")
    Boolean deterministic;

    @Option(names = "--seed", description = "seed of the episodes' resets and noise (default: ${DEFAULT-VALUE})", defaultValue = "12345")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "where eval.json goes (default: RUN_DIR/eval.json, or ./eval.json for a file)")
    Path out;

    @Option(names = "--preset", description = "for a lone .safetensors file: the task's preset (default: the preset of "
            + "the task the file was trained on, from its metadata; pendulum for files without one)")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "for a lone file: config overrides, e.g. --set task.env=Pendulum-v1")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "print only the result line")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (SacSnapshot.isSnapshot(target)) return evalSac();
        RldtConfig fallback = ConfigToml.override(Presets.get(presetFor(target, preset)), overrides);
        PolicyFiles.Loaded p = PolicyFiles.load(target, which, fallback);
        RldtConfig cfg = p.cfg();
        int n = episodes != null ? episodes : cfg.loop().evalEpisodes();
        if (n < 1) throw new IllegalArgumentException("--episodes is " + n + ", expected >= 1");
        boolean det = deterministic != null ? deterministic : cfg.policy().deterministicEval();
        if (!quiet) System.out.printf("evaluating the %s on %s: %d episodes, %s%n", p.description(), cfg.task().env(), n,
                det ? "deterministic (x0 = 0)" : "stochastic (x0 ~ N(0, I))");
        float[][] bounds = TaskEnvs.actionBounds(cfg.task(), p.stats());
        RldtAgent agent = new RldtAgent(cfg, p.policy(), bounds[0], bounds[1], new Rng(seed));
        long t0 = System.nanoTime();
        Evaluator.Result r;
        try (VectorEnv envs = new VectorEnv(n, i -> TaskEnvs.make(cfg.task(), p.stats()), cfg.loop().threads())) {
            r = Evaluator.run(envs, agent, seed, new Rng(seed).split("eval-policy"), det);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Path json = out != null ? out : Files.isDirectory(target) ? target.resolve("eval.json") : Path.of("eval.json");
        String modes = "";
        if (BimodalBandit.ID.equals(cfg.task().env())) {
            ModeShares m = ModeShares.of(p.policy(), new Rng(seed).split("modes"), 1500);
            System.out.printf(Locale.ROOT, "%s: 1500 policy samples: mean reward %.3f; left mode %.2f of samples (mean reward %.3f), "
                    + "right mode %.2f (mean reward %.3f)%n", cfg.task().env(), m.meanReward(), m.leftShare(), m.leftReward(),
                    1 - m.leftShare(), m.rightReward());
            modes = ",\n  \"sample_reward_mean\": " + Json.num(m.meanReward()) + ",\n  \"mode_share_left\": "
                    + Json.num(m.leftShare()) + ",\n  \"mode_reward_left\": " + Json.num(m.leftReward())
                    + ",\n  \"mode_share_right\": " + Json.num(1 - m.leftShare()) + ",\n  \"mode_reward_right\": "
                    + Json.num(m.rightReward());
        }
        RunFiles.writeAtomically(json, json(p, cfg, n, det, r, secs).replace("\n}\n", modes + "\n}\n"));
        System.out.printf(Locale.ROOT, "%s: return %.3f ± %.3f over %d episodes (min %.3f, max %.3f; mean length %.0f steps; %s%s), "
                + "%.1f s -> %s%n", cfg.task().env(), r.mean(), r.std(), n, r.min(), r.max(), r.meanLength(), successText(r),
                det ? "deterministic x0 = 0" : "stochastic x0 ~ N(0, I)", secs, json);
        return 0;
    }

    /**
     * The preset a lone pretrained file runs under: {@code --preset} when given, else the built-in preset of the
     * task recorded in the file ({@code env} metadata), else {@code pendulum}. Run directories carry their config.
     */
    static String presetFor(Path target, String preset) throws java.io.IOException {
        if (preset != null) return preset;
        if (Files.isRegularFile(target)) {
            String env = PolicyFiles.trainedEnv(target);
            String p = env == null ? null : PolicyFiles.presetFor(env);
            if (p != null) return p;
        }
        return "pendulum";
    }

    /** A SAC actor snapshot on its own env: tanh of the mean (deterministic, the default) or tanh-Gaussian samples. */
    private int evalSac() throws java.io.IOException {
        SacSnapshot.Loaded snap = SacSnapshot.load(target);
        int n = episodes != null ? episodes : 20;
        if (n < 1) throw new IllegalArgumentException("--episodes is " + n + ", expected >= 1");
        boolean det = deterministic == null || deterministic;
        String what = "SAC actor " + target.getFileName() + " (step " + snap.step() + ", seed " + snap.seed() + ")";
        if (!quiet) System.out.printf("evaluating the %s on %s: %d episodes, %s%n", what, snap.env(), n,
                det ? "deterministic (tanh of the mean)" : "stochastic");
        long t0 = System.nanoTime();
        Evaluator.Result r;
        try (VectorEnv envs = new VectorEnv(n, i -> io.rldt.envs.EnvRegistry.make(snap.env()), 1)) {
            r = Evaluator.run(envs, (obs, rng) -> det ? snap.actor().deterministic(obs) : snap.actor().stochastic(obs, rng),
                    seed, new Rng(seed).split("eval-policy"));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Path json = out != null ? out : Path.of("eval.json");
        StringBuilder returns = new StringBuilder();
        for (double x : r.returns()) returns.append(returns.isEmpty() ? "" : ", ").append(Json.num(x));
        RunFiles.writeAtomically(json, "{\n  \"policy\": " + Json.str(what) + ",\n  \"env\": " + Json.str(snap.env())
                + ",\n  \"episodes\": " + n + ",\n  \"deterministic\": " + det + ",\n  \"seed\": " + seed
                + ",\n  \"return_mean\": " + Json.num(r.mean()) + ",\n  \"return_std\": " + Json.num(r.std())
                + ",\n  \"return_min\": " + Json.num(r.min()) + ",\n  \"return_max\": " + Json.num(r.max())
                + d4rl(snap.env(), r.mean()) + successJson(r) + ",\n  \"returns\": [" + returns + "],\n  \"episode_lengths\": " + lengthsJson(r)
                + ",\n  \"episode_length_mean\": " + Json.num(r.meanLength()) + ",\n  \"seconds\": " + Json.num(secs) + "\n}\n");
        System.out.printf(Locale.ROOT, "%s: return %.3f ± %.3f over %d episodes (min %.3f, max %.3f; mean length %.0f steps; %s%s), "
                + "%.1f s -> %s%n", snap.env(), r.mean(), r.std(), n, r.min(), r.max(), r.meanLength(), successText(r),
                det ? "deterministic tanh(mean)" : "stochastic", secs, json);
        return 0;
    }

    private String json(PolicyFiles.Loaded p, RldtConfig cfg, int n, boolean det, Evaluator.Result r, double secs) {
        StringBuilder returns = new StringBuilder();
        for (double x : r.returns()) returns.append(returns.isEmpty() ? "" : ", ").append(Json.num(x));
        return "{\n  \"policy\": " + Json.str(p.description()) + ",\n  \"env\": " + Json.str(cfg.task().env())
                + ",\n  \"episodes\": " + n + ",\n  \"deterministic\": " + det + ",\n  \"seed\": " + seed
                + ",\n  \"return_mean\": " + Json.num(r.mean()) + ",\n  \"return_std\": " + Json.num(r.std())
                + ",\n  \"return_min\": " + Json.num(r.min()) + ",\n  \"return_max\": " + Json.num(r.max())
                + d4rl(cfg.task().env(), r.mean()) + successJson(r)
                + ",\n  \"returns\": [" + returns + "],\n  \"episode_lengths\": " + lengthsJson(r)
                + ",\n  \"episode_length_mean\": " + Json.num(r.meanLength()) + ",\n  \"seconds\": " + Json.num(secs) + "\n}\n";
    }

    /** "success 45.0% (9/20); " for tasks that define success, nothing otherwise. */
    static String successText(Evaluator.Result r) {
        return r.reportsSuccess() ? String.format(Locale.ROOT, "success %.1f%% (%d/%d); ", 100 * r.successRate(),
                r.successCount(), r.successes().length) : "";
    }

    /** {@code success_rate} and each episode's {@code successes} as JSON fields, for tasks that define success. */
    static String successJson(Evaluator.Result r) {
        if (!r.reportsSuccess()) return "";
        StringBuilder b = new StringBuilder();
        for (boolean x : r.successes()) b.append(b.isEmpty() ? "" : ", ").append(x);
        return ",\n  \"success_rate\": " + Json.num(r.successRate()) + ",\n  \"successes\": [" + b + "]";
    }

    private static String lengthsJson(Evaluator.Result r) {
        StringBuilder b = new StringBuilder("[");
        for (long l : r.lengths()) b.append(b.length() == 1 ? "" : ", ").append(l);
        return b.append(']').toString();
    }

    /** D4RL's normalised score for the Gym locomotion tasks as a JSON field, or nothing for other tasks. */
    static String d4rl(String env, double mean) {
        double score = D4rlScore.normalized(env, mean);
        return Double.isNaN(score) ? "" : ",\n  \"d4rl_normalized_score\": " + Json.num(score);
    }

    /**
     * The bandit's mode-share metric: stochastic samples of the policy ({@code x_0 ~ N(0, I)}), split at
     * {@code a_1 = 0} into the left and right mode, with the share of samples and the mean reward in each.
     */
    record ModeShares(double meanReward, double leftShare, double leftReward, double rightReward) {
        static ModeShares of(io.rldt.core.policy.FlowPolicy policy, Rng rng, int samples) {
            io.rldt.engine.Tensor a = policy.act(io.rldt.engine.Tensor.zeros(samples, policy.obsDim()), rng, false);
            double total = 0, left = 0, leftSum = 0, rightSum = 0;
            for (int i = 0; i < samples; i++) {
                double[] x = {a.data()[2 * i], a.data()[2 * i + 1]};
                double r = BimodalBandit.reward(x);
                total += r;
                if (x[0] < 0) {
                    left++;
                    leftSum += r;
                } else {
                    rightSum += r;
                }
            }
            double right = samples - left;
            return new ModeShares(total / samples, left / samples, left > 0 ? leftSum / left : Double.NaN,
                    right > 0 ? rightSum / right : Double.NaN);
        }
    }
}
