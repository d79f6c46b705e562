package io.rldt.core.cli;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.SacConfig;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.SacTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains SAC from scratch (CleanRL's defaults): the from-scratch baseline and the source of the medium
 * policies and demonstrations. Resumes an interrupted run; raising {@code loop.totalSteps} continues a finished
 * one.
 */
@Command(name = "sac", mixinStandardHelpOptions = true,
        description = {"Train SAC from scratch (twin Q, tanh-Gaussian actor, automatic entropy tuning; CleanRL's defaults).",
                "Writes metrics, evaluations, actor snapshots under snapshots/, checkpoints and learning_curve.png.",
                "Re-running on the same --run-dir resumes; a larger --set loop.totalSteps=N continues a finished run."})
final class SacCommand implements Callable<Integer> {
    @Option(names = "--preset", description = "starting configuration: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            defaultValue = "sac-hopper", completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML file whose keys override the preset (same tables and keys as --print-config shows)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one key, e.g. --set loop.totalSteps=500000 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seed", description = "the run's seed (overrides the config)")
    Long seed;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where metrics, snapshots and checkpoints go; an existing run there resumes")
    Path runDir;

    @Option(names = "--print-config", description = "print the resolved configuration as TOML and exit")
    boolean printConfig;

    @Option(names = {"-q", "--quiet"}, description = "print only the final summary")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        SacConfig cfg = SacConfig.preset(preset);
        if (config != null) cfg = ConfigToml.load(cfg, config, SacConfig.class);
        cfg = ConfigToml.override(cfg, overrides, SacConfig.class);
        if (seed != null) cfg = cfg.withSeed(seed);
        if (printConfig) {
            System.out.print(ConfigToml.write(cfg));
            return 0;
        }
        Path dir = runDir != null ? runDir : Path.of("runs", preset + "-seed" + cfg.seed());
        ConsoleProgress progress = new ConsoleProgress(System.out, quiet, "[SAC " + cfg.task().env() + "]");
        SacTrainer.Summary s = new SacTrainer(cfg, dir).addCallback(progress).run();
        System.out.printf("SAC %s: final evaluation %.1f (best %.1f), %d env steps, %.0f s. Results in %s%n",
                cfg.task().env(), s.finalReturn(), s.bestReturn(), s.envSteps(), s.seconds(), dir.toAbsolutePath());
        return 0;
    }

    static final class PresetNames extends ArrayList<String> {
        PresetNames() {
            super(SacConfig.presetNames());
        }
    }
}
