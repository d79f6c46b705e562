package io.rldt.examples;

import io.rldt.core.agent.TrajectoryAgent;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.dataset.Datasets;
import io.rldt.core.dataset.StepDataset;
import io.rldt.core.train.TaskEnvs;
import io.rldt.core.train.Trainer;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.EnvSpec;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Embedding RLDT in plain Java with a custom Env (README "Using it"; ExampleTest runs it with a tiny budget). */
public final class CustomEnvExample {

    /** A point on a line that should reach x = 1: obs [x], action [dx] in [-1, 1], reward −|x − 1|. */
    public static final class Reach implements Env {
        private final Rng rng = new Rng(0);
        private Rng episodeRng = rng;
        private double x;

        public Box observationSpace() { return Box.uniform(1, -5, 5); }
        public Box actionSpace() { return Box.uniform(1, -1, 1); }

        public ResetResult reset(long seed) {
            episodeRng = new Rng(seed);
            return reset();
        }

        public ResetResult reset() {
            x = 2 * episodeRng.nextGaussian();
            return ResetResult.of(new double[] {x});
        }

        public StepResult step(double[] action) {
            x = Math.clamp(x + 0.25 * Math.clamp(action[0], -1, 1), -5, 5);
            return new StepResult(new double[] {x}, -Math.abs(x - 1), false, false, Map.of());
        }
    }

    public static Trainer.Summary run(Path runDir, List<String> overrides) throws IOException {
        // 1. register the task (the registry adds the 40-step time limit)
        if (!EnvRegistry.contains("Reach-v0")) EnvRegistry.register("Reach-v0", EnvSpec.of(Reach::new, 40));

        // 2. demonstrations: a noisy, hesitant controller, saved in the rldt dataset format
        List<double[]> obs = new ArrayList<>(), actions = new ArrayList<>();
        Rng noise = new Rng(1);
        int episodes = 20, length = 40;
        try (Env env = EnvRegistry.make("Reach-v0")) {
            for (int e = 0; e < episodes; e++) {
                double[] o = env.reset(e).observation();
                for (int t = 0; t < length; t++) {
                    double[] a = {Math.clamp(0.5 * (1 - o[0]) + 0.5 * noise.nextGaussian(), -1, 1)};
                    obs.add(o);
                    actions.add(a);
                    o = env.step(a).observation();
                }
            }
        }
        int[] lengths = new int[episodes];
        java.util.Arrays.fill(lengths, length);
        Path demos = runDir.resolve("demos.npz");
        Datasets.writeNpz(demos, new StepDataset(demos, obs.toArray(double[][]::new), actions.toArray(double[][]::new),
                lengths, null, null, null));

        // 3. a config: the Pendulum preset's sizes, our task and data, then any overrides
        RldtConfig cfg = ConfigToml.override(Presets.pendulum(),
                List.of("task.env=Reach-v0", "task.demoSource=" + demos, "task.horizon=4"));
        cfg = ConfigToml.override(cfg, overrides);

        // 4. pretrain + fine-tune; metrics, checkpoints and summary.json land in runDir
        Trainer trainer = new Trainer(cfg, runDir);
        Trainer.Summary summary = trainer.run();

        // 5. the fine-tuned agent in your own loop: env in the policy's (normalised, chunked) spaces
        TrajectoryAgent agent = trainer.agent();
        try (Env env = TaskEnvs.make(cfg.task(), trainer.pretrained().stats())) {
            double[] o = env.reset(123).observation();
            double ret = 0;
            for (boolean done = false; !done; ) {
                Tensor chunk = agent.act(Tensor.wrap(toFloats(o), 1, o.length), new Rng(7), false, true);
                StepResult r = env.step(toDoubles(chunk.data()));
                ret += r.reward();
                o = r.observation();
                done = r.done();
            }
            System.out.printf("own loop: return %.2f; trainer: %.2f -> %.2f%n", ret, summary.pretrainedReturn(),
                    summary.finalReturn());
        }
        return summary;
    }

    static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    public static void main(String[] args) throws IOException {
        run(Path.of(args.length > 0 ? args[0] : "runs/reach"), List.of());
    }
}
