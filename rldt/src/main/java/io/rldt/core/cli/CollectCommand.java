package io.rldt.core.cli;

import io.rldt.core.config.ConfigException;
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
import io.rldt.core.train.SacSnapshot;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rolls a policy out and writes the steps as a dataset: the rldt {@code .npz} (DPPO's arrays plus rewards and
 * terminals; see {@code docs/datasets.md}) and, when {@code --out} ends in {@code .hdf5}, D4RL's HDF5 layout
 * beside it. Policies: the task's scripted controller, a pretrained or fine-tuned flow policy from a run
 * directory, or a SAC actor snapshot ({@code rldt sac} writes them; its env comes from the file). Observations
 * and actions are stored in raw env units; the run is a function of {@code --seed}.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Roll out a policy and write a dataset (.npz: states, actions, traj_lengths, rewards, terminals;",
                ".hdf5: D4RL's observations, actions, next_observations, rewards, terminals, timeouts, plus the .npz).",
                "--policy scripted uses the task's built-in controller; RUN_DIR|FILE a flow policy or a SAC snapshot."})
final class CollectCommand implements Callable<Integer> {
    @Option(names = "--policy", paramLabel = "scripted|RUN_DIR|FILE", defaultValue = "scripted",
            description = "scripted (the task's built-in controller), a run directory, a pretrained.safetensors or a SAC "
                    + "actor snapshot (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--weights", description = "for a run directory: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    PolicyFiles.Which which;

    @Option(names = "--preset", description = "task and sizes for scripted or a lone file (default: for a lone pretrained "
            + "file the preset of the task it was trained on, from its metadata; else pendulum)")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "config overrides, e.g. --set task.env=Pendulum-v1 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-n", "--episodes"}, description = "episodes to record (default: ${DEFAULT-VALUE}; ignored with --steps)", defaultValue = "10")
    int episodes;

    @Option(names = "--steps", description = "record exactly this many transitions instead of whole episodes; the last "
            + "episode is cut with a timeout (D4RL's convention)")
    Integer steps;

    @Option(names = "--deterministic", description = "flow policies start from x0 = 0 instead of x0 ~ N(0, I); SAC acts with tanh(mean)")
    boolean deterministic;

    @Option(names = "--seed", description = "seed of resets and policy noise (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.npz|FILE.hdf5", required = true,
            description = "the dataset file to write; FILE.hdf5 also writes FILE.npz beside it")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "print only the summary")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (steps == null && episodes < 1) throw new IllegalArgumentException("--episodes is " + episodes + ", expected >= 1");
        if (steps != null && steps < 1) throw new IllegalArgumentException("--steps is " + steps + ", expected >= 1");
        String name = out.getFileName().toString();
        boolean hdf5 = name.endsWith(".hdf5");
        if (!name.endsWith(".npz") && !hdf5) {
            throw new IllegalArgumentException("--out " + out + ": expected a file name ending in .npz or .hdf5");
        }
        Path file = Path.of(policy);
        String presetName = policy.equals("scripted") || SacSnapshot.isSnapshot(file) ? (preset != null ? preset : "pendulum")
                : EvalCommand.presetFor(file, preset);
        RldtConfig cfg = ConfigToml.override(Presets.get(presetName), overrides);
        TaskConfig task = cfg.task();
        Actor actor;
        String what;
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (policy.equals("scripted")) {
            if (!DemoSources.hasController(task.env())) {
                throw new ConfigException("--policy scripted: " + task.env() + " has no built-in controller (Pendulum-v1 and "
                        + "MountainCarContinuous-v0 have one); pass a SAC snapshot (rldt sac) or a flow policy's run directory or file");
            }
            ScriptedController c = DemoSources.controllerFor(task.env());
            Rng rng = new Rng(seed).split("controller");
            actor = obs -> new double[][] {c.act(obs.clone(), rng)};
            what = "scripted controller " + c.describe();
        } else if (SacSnapshot.isSnapshot(file)) {
            SacSnapshot.Loaded snap = SacSnapshot.load(file);
            task = new TaskConfig(snap.env(), 1, task.env().equals(snap.env()) ? task.maxEpisodeSteps() : 0, false, 0, "scripted");
            actor = sacActor(snap, deterministic, new Rng(seed).split("policy"));
            what = "SAC actor " + file.getFileName() + " (" + snap.env() + ", step " + snap.step() + ", seed " + snap.seed()
                    + String.format(Locale.ROOT, ", evaluation return %.1f)", snap.evalReturn());
            attributes.put("policy_snapshot_step", snap.step());
            attributes.put("policy_snapshot_seed", snap.seed());
            attributes.put("policy_snapshot_eval_return", snap.evalReturn());
        } else {
            PolicyFiles.Loaded p = PolicyFiles.load(file, which, cfg);
            task = p.cfg().task();
            actor = flowActor(p.policy(), p.stats(), task.horizon(), deterministic, new Rng(seed).split("policy"));
            what = p.description();
        }
        Recorded rec = rollout(task, actor);
        StepDataset data = rec.data();
        double[] returns = rec.completeReturns();
        // Over complete episodes only; none (a --steps budget shorter than an episode) gives NaN everywhere.
        double mean = returns.length == 0 ? Double.NaN : 0, sq = returns.length == 0 ? Double.NaN : 0, min = Double.NaN, max = Double.NaN;
        for (double r : returns) mean += r / returns.length;
        for (double r : returns) {
            sq += (r - mean) * (r - mean) / returns.length;
            min = Double.isNaN(min) ? r : Math.min(min, r);
            max = Double.isNaN(max) ? r : Math.max(max, r);
        }
        Path npz = hdf5 ? out.resolveSibling(name.substring(0, name.length() - ".hdf5".length()) + ".npz") : out;
        Datasets.writeNpz(npz, data);
        if (hdf5) {
            attributes.put("env", task.env());
            attributes.put("policy", what);
            attributes.put("collect_seed", seed);
            attributes.put("sampling", deterministic ? "deterministic" : "stochastic");
            attributes.put("transitions", (long) data.size());
            attributes.put("complete_episodes", (long) returns.length);
            attributes.put("return_mean", mean);
            attributes.put("return_std", Math.sqrt(sq));
            attributes.put("return_min", min);
            attributes.put("return_max", max);
            Datasets.writeHdf5(out, data, rec.next(), rec.timeouts(), attributes);
        }
        System.out.printf(Locale.ROOT, "%s: %d steps, %d complete episodes from the %s, return %.3f ± %.3f (min %.1f, max %.1f) -> %s%n",
                task.env(), data.size(), returns.length, what, mean, Math.sqrt(sq), min, max,
                hdf5 ? out.toAbsolutePath() + " and " + npz.getFileName() : out.toAbsolutePath());
        return 0;
    }

    /** A SAC actor in raw units: a tanh-Gaussian sample (or tanh of the mean with {@code det}). */
    static Actor sacActor(SacSnapshot.Loaded snap, boolean det, Rng rng) {
        int o = snap.actor().obsDim();
        return obs -> {
            Tensor t = Tensor.zeros(1, o);
            for (int j = 0; j < o; j++) t.data()[j] = (float) obs[j];
            float[] a = (det ? snap.actor().deterministic(t) : snap.actor().stochastic(t, rng)).data();
            double[] row = new double[a.length];
            for (int j = 0; j < a.length; j++) row[j] = a[j];
            return new double[][] {row};
        };
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

    /** The steps, the true next observation and timeout flag of each, and the returns of complete episodes. */
    record Recorded(StepDataset data, double[][] next, boolean[] timeouts, double[] completeReturns) {}

    private Recorded rollout(TaskConfig task, Actor actor) {
        List<double[]> obs = new ArrayList<>(), acts = new ArrayList<>(), next = new ArrayList<>();
        List<Double> rewards = new ArrayList<>(), returns = new ArrayList<>();
        List<Boolean> terminals = new ArrayList<>(), timeouts = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        Rng resets = new Rng(seed).split("reset-seeds");
        ConsoleProgress progress = new ConsoleProgress(System.out, quiet, "[collect]");
        long target = steps != null ? steps : Long.MAX_VALUE;
        try (Env env = task.maxEpisodeSteps() > 0 ? EnvRegistry.make(task.env(), task.maxEpisodeSteps()) : EnvRegistry.make(task.env())) {
            for (int e = 0; steps != null ? obs.size() < target : e < episodes; e++) {
                double[] o = env.reset(resets.nextLong()).observation();
                int len = 0;
                double ret = 0;
                boolean done = false;
                while (!done) {
                    for (double[] a : actor.act(o)) {
                        double[] clipped = clip(a, env.actionSpace());
                        obs.add(o.clone());
                        acts.add(clipped);
                        StepResult r = env.step(clipped);
                        rewards.add(r.reward());
                        terminals.add(r.terminated());
                        next.add(r.observation().clone());
                        len++;
                        ret += r.reward();
                        o = r.observation();
                        boolean cut = !r.done() && obs.size() >= target; // the budget ends mid-episode
                        timeouts.add(!r.terminated() && (r.truncated() || cut)); // D4RL: terminal and timeout exclusive
                        if (r.done() || cut) {
                            done = true;
                            if (r.done()) returns.add(ret);
                            break;
                        }
                    }
                }
                lengths.add(len);
                if (steps != null) progress.onProgress("steps", (int) Math.min(obs.size(), target), (int) target);
                else progress.onProgress("episodes", e + 1, episodes);
            }
        }
        int n = obs.size();
        boolean[] t = new boolean[n], to = new boolean[n];
        for (int i = 0; i < n; i++) {
            t[i] = terminals.get(i);
            to[i] = timeouts.get(i);
        }
        StepDataset data = new StepDataset(out, obs.toArray(new double[0][]), acts.toArray(new double[0][]),
                lengths.stream().mapToInt(Integer::intValue).toArray(),
                rewards.stream().mapToDouble(Double::doubleValue).toArray(), t, null);
        return new Recorded(data, next.toArray(new double[0][]), to,
                returns.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double[] clip(double[] a, io.rldt.envs.Box box) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = Math.clamp(a[i], box.low(i), box.high(i));
        return c;
    }

}
