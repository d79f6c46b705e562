package io.rldt.core.cli;

import io.rldt.core.config.ConfigException;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.config.OnPolicyPresets;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.train.OnPolicyTrainer;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Pretrain (unless the run has a pretrained policy, or {@code --pretrained} gives one) and fine-tune with RLDT, the
 * QAM port or one of the on-policy baselines ({@code --algo}); resumes an interrupted run. Writes metrics, checkpoints,
 * {@code summary.json} and the plots. A new algorithm adds one entry to {@link #ALGOS}.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune a flow policy with RLDT or a baseline (--algo); pretrains first unless the run directory or --pretrained has a policy.",
                "Re-running on the same --run-dir with the same config resumes after the last checkpoint."})
final class FinetuneCommand implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--pretrained", paramLabel = "FILE|DIR",
            description = "start from this pretrained policy (a pretrained.safetensors or a run directory holding one); "
                    + "the policy sizes, horizon and normalisation are taken from it")
    Path pretrained;

    @Option(names = "--algo", paramLabel = "NAME", defaultValue = "rldt",
            description = "the fine-tuning method: rldt, qam (the QAM port), reinflow, dppo (Flow-DPPO) or fpo (FPO++); "
                    + "default ${DEFAULT-VALUE}. Baselines start from the preset's task, pretrained policy and env-step budget")
    String algo;

    /** One runner per --algo value. */
    private interface Runner {
        Integer run(FinetuneCommand c) throws Exception;
    }

    private static final java.util.Map<String, Runner> ALGOS = new java.util.LinkedHashMap<>();

    static {
        ALGOS.put("rldt", FinetuneCommand::runTrajectory);
        ALGOS.put("qam", FinetuneCommand::runTrajectory);
        for (String a : OnPolicyConfig.ALGOS) ALGOS.put(a, FinetuneCommand::runOnPolicy);
    }

    @Override
    public Integer call() throws Exception {
        Runner r = ALGOS.get(algo);
        if (r == null) throw new ConfigException("--algo", algo, "one of " + ALGOS.keySet());
        return r.run(this);
    }

    /** The on-policy baselines: the preset's budget and pretrained policy, the algorithm's own sections. */
    private Integer runOnPolicy() throws Exception {
        // ReinFlow's rates are per task (baselines spec §2.4): a run whose --config or --set picks another env
        // (gym-paper on Walker2d-v4) starts from the preset for that env, and the user's keys go on top of it.
        String env = ConfigToml.peek(OnPolicyPresets.get(algo, run.preset), run.config, run.overrides, "task.env");
        OnPolicyConfig cfg = resolve(OnPolicyPresets.get(algo, run.preset, env));
        List<String> notes = new ArrayList<>();
        String name = run.preset + "-" + algo + "-seed" + cfg.seed();
        Path source = pretrained == null ? null : PolicyFiles.pretrainedFile(pretrained);
        if (source == null) source = bundled(run, run.runDir(name), notes);
        if (source != null) {
            RldtConfig shaped = PolicyFiles.adoptShapes(cfg.pretrainView(), source, notes);
            cfg = cfg.withShapes(shaped.task(), shaped.policy());
        }
        if (run.printConfig) {
            System.out.print(ConfigToml.write(cfg));
            return 0;
        }
        Path dir = run.runDir(name);
        if (source != null) install(source, new RunFiles(dir));
        ConsoleProgress progress = new ConsoleProgress(System.out, run.quiet, "[" + algo + " " + cfg.task().env() + "]");
        notes.forEach(progress::onMessage);
        OnPolicyTrainer trainer = new OnPolicyTrainer(cfg, dir).addCallback(progress);
        Trainer.Summary s = trainer.run();
        System.out.printf("%s %s: pretrained return %.3f -> final %.3f (best %.3f), %d env steps, %.0f s. Results in %s%n",
                algo, cfg.task().env(), s.pretrainedReturn(), s.finalReturn(), s.bestReturn(), s.envSteps(), s.seconds(),
                dir.toAbsolutePath());
        if (cfg.task().env().startsWith("BimodalBandit")) {
            float bound = (float) io.rldt.envs.tasks.BimodalBandit.ACTION_BOUND;
            System.out.println(BanditModes.report(cfg, trainer, dir, -bound, bound));
        }
        return 0;
    }

    /** {@code preset} with the config file, the dataset, each --set and the seed applied, in that order. */
    private OnPolicyConfig resolve(OnPolicyConfig preset) throws java.io.IOException {
        OnPolicyConfig cfg = preset;
        if (run.config != null) cfg = ConfigToml.load(cfg, run.config, OnPolicyConfig.class);
        if (run.dataset != null) cfg = ConfigToml.override(cfg, List.of("task.demoSource=" + run.dataset), OnPolicyConfig.class);
        cfg = ConfigToml.override(cfg, run.overrides, OnPolicyConfig.class);
        return run.seed != null ? cfg.withSeed(run.seed) : cfg;
    }

    /** RLDT and the QAM port: the trajectory-buffer loop ({@link Trainer}); QAM's settings applied to the preset. */
    private Integer runTrajectory() throws Exception {
        boolean qam = "qam".equals(algo);
        RldtConfig cfg = run.resolve(qam ? RldtConfig::asQam : java.util.function.UnaryOperator.identity());
        String name = run.preset + (qam ? "-qam" : "") + "-seed" + cfg.seed();
        List<String> notes = new ArrayList<>();
        Path source = pretrained == null ? null : PolicyFiles.pretrainedFile(pretrained);
        if (source == null) source = bundled(run, run.runDir(name), notes);
        if (source != null) cfg = PolicyFiles.adoptShapes(cfg, source, notes);
        if (run.printConfig) {
            System.out.print(ConfigToml.write(cfg));
            return 0;
        }
        Path dir = run.runDir(name);
        RunFiles files = new RunFiles(dir);
        if (source != null) install(source, files);
        ConsoleProgress progress = new ConsoleProgress(System.out, run.quiet,
                "[" + (qam ? "qam " : "") + cfg.task().env() + "]");
        notes.forEach(progress::onMessage);
        Trainer trainer = new Trainer(cfg, dir).addCallback(progress);
        Trainer.Summary s = trainer.run();
        List<Path> plots = trainer.plots();
        System.out.printf("%s: pretrained return %.3f -> final %.3f (best %.3f), %d env steps, %.0f s. Results in %s (%s)%n",
                cfg.task().env(), s.pretrainedReturn(), s.finalReturn(), s.bestReturn(), s.envSteps(), s.seconds(),
                dir.toAbsolutePath(), String.join(", ", plots.stream().map(p -> p.getFileName().toString()).toList()));
        return 0;
    }

    /**
     * The preset's shipped pretrained policy (a temporary copy of the jar resource), unless the run directory
     * already holds a policy, or the run was given a config file (which may describe another task) or a dataset.
     */
    private static Path bundled(RunOptions run, Path dir, List<String> notes) throws java.io.IOException {
        var resource = Presets.bundledPretrained(run.preset);
        if (resource.isEmpty() || run.config != null || run.dataset != null || Files.exists(new RunFiles(dir).pretrained())) return null;
        Path tmp = Files.createTempFile("rldt-" + run.preset, ".safetensors");
        tmp.toFile().deleteOnExit();
        try (var in = FinetuneCommand.class.getResourceAsStream(resource.get())) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        notes.add("starting from the shipped pretrained policy " + resource.get());
        return tmp;
    }

    /** Copies the given pretrained policy into the run directory (where the Trainer picks it up). */
    private static void install(Path source, RunFiles files) throws java.io.IOException {
        Files.createDirectories(files.dir());
        Path target = files.pretrained();
        if (Files.exists(target)) {
            if (Files.isSameFile(source, target) || Arrays.equals(Files.readAllBytes(source), Files.readAllBytes(target))) return;
            throw new IllegalStateException(files.dir() + " already has a different pretrained.safetensors; "
                    + "use a new --run-dir for --pretrained " + source);
        }
        Path tmp = Files.createTempFile(files.dir(), ".pretrained", ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
