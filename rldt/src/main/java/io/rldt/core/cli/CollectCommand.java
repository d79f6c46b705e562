package io.rldt.core.cli;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.config.TaskConfig;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.dataset.Datasets;
import io.rldt.core.dataset.StepDataset;
import io.rldt.core.demo.DemoSources;
import io.rldt.core.demo.ScriptedController;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rolls a policy out and writes the steps as a dataset in the rldt format (DPPO's {@code .npz} arrays plus
 * rewards and terminals; see {@code docs/datasets.md}): the task's scripted controller, or a pretrained or
 * fine-tuned flow policy from a run directory. Observations and actions are stored in raw env units.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Roll out a policy and write a dataset (.npz: states, actions, traj_lengths, rewards, terminals).",
                "--policy scripted uses the task's built-in controller; --policy RUN_DIR|FILE a flow policy."})
final class CollectCommand implements Callable<Integer> {
    @Option(names = "--policy", paramLabel = "scripted|RUN_DIR|FILE", defaultValue = "scripted",
            description = "scripted (the task's built-in controller), a run directory or a pretrained.safetensors (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--weights", description = "for a run directory: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    PolicyFiles.Which which;

    @Option(names = "--preset", description = "task and sizes for scripted or a lone file (default: ${DEFAULT-VALUE})", defaultValue = "pendulum")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "config overrides, e.g. --set task.env=Pendulum-v1 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-n", "--episodes"}, description = "episodes to record (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int episodes;

    @Option(names = "--deterministic", description = "flow policies start from x0 = 0 instead of x0 ~ N(0, I)")
    boolean deterministic;

    @Option(names = "--seed", description = "seed of resets and policy noise (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.npz", required = true, description = "the dataset file to write")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "print only the summary")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (episodes < 1) throw new IllegalArgumentException("--episodes is " + episodes + ", expected >= 1");
        if (!out.getFileName().toString().endsWith(".npz")) {
            throw new IllegalArgumentException("--out " + out + ": expected a file name ending in .npz");
        }
        RldtConfig cfg = ConfigToml.override(Presets.get(preset), overrides);
        Actor actor;
        String what;
        if (policy.equals("scripted")) {
            ScriptedController c = DemoSources.controllerFor(cfg.task().env());
            Rng rng = new Rng(seed).split("controller");
            actor = obs -> new double[][] {c.act(obs.clone(), rng)};
            what = "scripted controller " + c.describe();
        } else {
            PolicyFiles.Loaded p = PolicyFiles.load(Path.of(policy), which, cfg);
            cfg = p.cfg();
            actor = flowActor(p.policy(), p.stats(), cfg.task().horizon(), deterministic, new Rng(seed).split("policy"));
            what = p.description();
        }
        StepDataset data = rollout(cfg.task(), actor, what);
        Datasets.writeNpz(out, data);
        double mean = 0, sq = 0;
        double[] returns = returns(data);
        for (double r : returns) mean += r / returns.length;
        for (double r : returns) sq += (r - mean) * (r - mean) / returns.length;
        System.out.printf(Locale.ROOT, "%s: %d episodes, %d steps from the %s, return %.3f ± %.3f -> %s%n", cfg.task().env(),
                episodes, data.size(), what, mean, Math.sqrt(sq), out.toAbsolutePath());
        return 0;
    }

    /** The next actions to execute for a raw observation: one row per env step (a chunk gives H rows). */
    interface Actor {
        double[][] act(double[] obs);
    }

    /** A flow policy in raw units: normalise the observation, sample a chunk, clip to [-1, 1], unnormalise. */
    static Actor flowActor(FlowPolicy policy, NormalizationStats stats, int horizon, boolean det, Rng rng) {
        int a = policy.actionDim() / horizon;
        return obs -> {
            Tensor o = Tensor.zeros(1, obs.length);
            for (int j = 0; j < obs.length; j++) o.data()[j] = (float) stats.normalizeObs(j, obs[j]);
            float[] chunk = policy.act(o, rng, det).data();
            double[][] rows = new double[horizon][a];
            for (int h = 0; h < horizon; h++) {
                for (int k = 0; k < a; k++) {
                    double y = chunk[h * a + k];
                    rows[h][k] = stats.enabled() ? (Math.clamp(y, -1, 1) + 1) / 2 * (stats.actionMax()[k] - stats.actionMin()[k])
                            + stats.actionMin()[k] : y;
                }
            }
            return rows;
        };
    }

    private StepDataset rollout(TaskConfig task, Actor actor, String what) {
        List<double[]> obs = new ArrayList<>(), acts = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        List<Boolean> terminals = new ArrayList<>();
        int[] lengths = new int[episodes];
        Rng resets = new Rng(seed).split("reset-seeds");
        ConsoleProgress progress = new ConsoleProgress(System.out, quiet, "[collect]");
        try (Env env = task.maxEpisodeSteps() > 0 ? EnvRegistry.make(task.env(), task.maxEpisodeSteps()) : EnvRegistry.make(task.env())) {
            for (int e = 0; e < episodes; e++) {
                double[] o = env.reset(resets.nextLong()).observation();
                int steps = 0;
                boolean done = false;
                while (!done) {
                    for (double[] a : actor.act(o)) {
                        double[] clipped = clip(a, env.actionSpace());
                        obs.add(o.clone());
                        acts.add(clipped);
                        StepResult r = env.step(clipped);
                        rewards.add(r.reward());
                        terminals.add(r.terminated());
                        steps++;
                        o = r.observation();
                        if (r.done()) {
                            done = true;
                            break;
                        }
                    }
                }
                lengths[e] = steps;
                progress.onProgress("episodes", e + 1, episodes);
            }
        }
        boolean[] t = new boolean[terminals.size()];
        for (int i = 0; i < t.length; i++) t[i] = terminals.get(i);
        return new StepDataset(out, obs.toArray(new double[0][]), acts.toArray(new double[0][]), lengths,
                rewards.stream().mapToDouble(Double::doubleValue).toArray(), t, null);
    }

    private static double[] clip(double[] a, io.rldt.envs.Box box) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = Math.clamp(a[i], box.low(i), box.high(i));
        return c;
    }

    private static double[] returns(StepDataset d) {
        double[] r = new double[d.trajectories()];
        int i = 0;
        for (int e = 0; e < r.length; e++) for (int s = 0; s < d.lengths()[e]; s++) r[e] += d.rewards()[i++];
        return r;
    }
}
