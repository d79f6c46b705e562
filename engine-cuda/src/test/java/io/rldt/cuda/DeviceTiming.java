package io.rldt.cuda;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.dataset.Datasets;
import io.rldt.core.dataset.StepDataset;
import io.rldt.core.train.Trainer;
import io.rldt.core.train.TrainerCallback;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.Residency;
import io.rldt.engine.SimdBackend;
import io.rldt.envs.Env;
import io.rldt.envs.EnvRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The GPU check's training timing: RLDT training iterations of the {@code gym-paper} preset (the authors' Gym scale:
 * 100 envs × 500 chunk steps with real MuJoCo rollouts, 16 rounds of 32 critic and 2 actor steps) on one backend,
 * with the phase breakdown of the last iteration, the time per actor and per critic step, the host↔device
 * transfers of that iteration and the device memory at its peak.
 *
 * <pre>
 * java ... io.rldt.cuda.DeviceTiming BACKEND ITERATIONS [section.key=value ...]
 *   BACKEND: cuda-device | cuda-emulated | jvm-simd-N (N matmul threads)
 * </pre>
 * The policy is pretrained for a few steps on random transitions of the task (a timing needs the networks' shapes,
 * not a good policy; no dataset travels to the GPU machine). Iteration 0 includes compilation and warm-up; the
 * last iteration is the one reported. Wall times depend on the machine and its load; the step counts and shapes
 * do not.
 */
public final class DeviceTiming {
    private DeviceTiming() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DeviceTiming BACKEND ITERATIONS [section.key=value ...]");
            System.exit(2);
        }
        System.setProperty("rldt.plots", "false"); // no figures: the GPU machine's runtime has no java.desktop
        Backend backend = backend(args[0]);
        int iterations = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("rldt-device-timing");
        Path data = randomDataset("Hopper-v4", dir.resolve("random-hopper.npz"));
        List<String> overrides = new ArrayList<>(List.of("task.demoSource=" + data, "pretrain.steps=50",
                "loop.iterations=" + iterations, "loop.evalEvery=0", "loop.checkpointEvery=1000",
                "actor.startIteration=-1"));
        for (int i = 2; i < args.length; i++) overrides.add(args[i]);
        RldtConfig cfg = ConfigToml.override(Presets.gymPaper("Hopper-v4"), overrides);
        Backends.use(backend);
        System.out.printf(Locale.ROOT, "== %s: gym-paper Hopper-v4, %d envs x %d chunk steps, %d rounds x (%d critic + %d actor steps), overrides %s%n",
                backend.name(), cfg.loop().envs(), cfg.loop().chunkSteps(), cfg.loop().rounds(),
                cfg.critic().stepsPerRound(), cfg.actor().stepsPerRound(), overrides.subList(6, overrides.size()));

        Probe probe = new Probe(iterations - 1, backend instanceof ResidentBackend r ? r : null, cfg);
        long t0 = System.nanoTime();
        new Trainer(cfg, dir.resolve("run")).addCallback(probe).run();
        double total = (System.nanoTime() - t0) / 1e9;

        System.out.printf(Locale.ROOT, "whole run (pretraining, %d iterations): %.1f s%n", iterations, total);
    }

    static Backend backend(String name) {
        return switch (name) {
            case "cuda-device" -> ResidentBackend.cuda(false);
            case "cuda-emulated" -> ResidentBackend.emulated(false);
            default -> {
                if (!name.startsWith("jvm-simd-")) {
                    throw new IllegalArgumentException("backend '" + name + "': expected cuda-device, cuda-emulated or jvm-simd-N");
                }
                yield new SimdBackend(Integer.parseInt(name.substring("jvm-simd-".length())));
            }
        };
    }

    /** Keeps the metrics of iteration {@code measured} and the transfers made during it. */
    private static final class Probe implements TrainerCallback {
        private final int measured;
        private final ResidentBackend device;
        private final RldtConfig cfg;
        DevicePool.Stats start;

        Probe(int measured, ResidentBackend device, RldtConfig cfg) {
            this.measured = measured;
            this.device = device;
            this.cfg = cfg;
        }


        @Override
        public void onIterationStart(int iteration, int totalIterations, boolean evaluation) {
            if (iteration != measured) return;
            Residency.reset();
            if (device != null) start = device.poolStats();
        }

        @Override
        public void onIterationEnd(int iteration, Map<String, Double> metrics) {
            print(iteration, metrics, cfg);
            if (iteration != measured) return;
            Residency.Counts c = Residency.counts();
            System.out.printf(Locale.ROOT, "  transfers in iteration %d: %d explicit (%d floats in all), %d implicit%n",
                    iteration, c.explicit(), c.floats(), c.implicit());
            if (c.implicit() > 0) System.out.print("  implicit transfers by call site:\n" + c.sitesReport());
            if (device != null) {
                DevicePool.Stats end = device.poolStats();
                System.out.printf(Locale.ROOT, "  device memory: peak %.1f MiB in use (unreachable tensors included until "
                                + "the collector frees them); in iteration %d: %d driver allocations, %d reuses from the pool%n",
                        end.peakBytes() / 1048576.0, iteration, end.driverAllocations() - start.driverAllocations(),
                        end.reuses() - start.reuses());
                System.out.println("  staged floats so far (host-drawn random numbers, kernels without a device version): "
                        + device.stagedFloats());
                System.out.println("  named kernels that ran staged so far (pretraining's included): " + device.stagedKernels());
            }
            System.out.flush();
        }
    }

    /**
     * One iteration's phases, printed as it ends (so a run cut short by a time limit still reports the iterations
     * it finished). The critic phase includes the bootstrap sampling (a' ~ π(·|s') for the targets), which is also
     * shown on its own.
     */
    static void print(int iteration, Map<String, Double> m, RldtConfig cfg) {
        int criticSteps = cfg.loop().rounds() * cfg.critic().stepsPerRound();
        int actorSteps = cfg.loop().rounds() * cfg.actor().stepsPerRound();
        double critic = m.getOrDefault("time/critic_s", Double.NaN), actor = m.getOrDefault("time/actor_s", Double.NaN);
        double boot = m.getOrDefault("time/bootstrap_s", Double.NaN);
        System.out.printf(Locale.ROOT, "iteration %d: %.2f s: rollout %.2f s, critic %.2f s (of which bootstrap sampling "
                        + "%.2f s), actor %.2f s%n", iteration, m.getOrDefault("time/iteration_s", Double.NaN),
                m.getOrDefault("time/rollout_s", Double.NaN), critic, boot, actor);
        System.out.printf(Locale.ROOT, "  per step: critic %.2f ms without bootstrap sampling (%d steps), actor %.1f ms (%d steps)%n",
                1e3 * (critic - boot) / criticSteps, criticSteps, 1e3 * actor / actorSteps, actorSteps);
        System.out.flush();
    }

    /** 4000 uniformly random transitions of {@code env} in 4 episodes, written as a dataset file. */
    static Path randomDataset(String env, Path file) throws java.io.IOException {
        int o, a;
        try (Env e = EnvRegistry.make(env)) {
            o = e.observationSpace().dim();
            a = e.actionSpace().dim();
        }
        int n = 4000;
        SplittableRandom r = new SplittableRandom(1);
        double[][] obs = new double[n][o], act = new double[n][a];
        double[] rew = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < o; j++) obs[i][j] = r.nextGaussian();
            for (int j = 0; j < a; j++) act[i][j] = 2 * r.nextDouble() - 1;
            rew[i] = r.nextDouble();
        }
        Datasets.writeNpz(file, new StepDataset(file, obs, act, new int[] {1000, 1000, 1000, 1000}, rew, new boolean[n], null));
        return file;
    }
}
