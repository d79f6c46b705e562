package io.rldt.core.cli;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every training command shares: preset, config file, overrides, seed, run directory. They stack
 * in that order: preset, then {@code --config} file, then {@code --dataset}, then each {@code --set}, then
 * {@code --seed}.
 */
final class RunOptions {
    @Option(names = "--preset", description = "starting configuration: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            defaultValue = "pendulum", completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML file whose keys override the preset (same tables and keys as `rldt config` prints)")
    Path config;

    @Option(names = "--dataset", paramLabel = "FILE", description = "demonstrations from a dataset file (.npz: DPPO or rldt collect; .hdf5: D4RL); same as --set task.demoSource=FILE")
    Path dataset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one key, e.g. --set loop.iterations=20 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seed", description = "the run's seed (overrides the config)")
    Long seed;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where metrics, checkpoints and plots go; an existing run there resumes")
    Path runDir;

    @Option(names = "--print-config", description = "print the resolved configuration as TOML and exit")
    boolean printConfig;

    @Option(names = {"-q", "--quiet"}, description = "print only the final summary")
    boolean quiet;

    RldtConfig resolve() throws IOException {
        return resolve(java.util.function.UnaryOperator.identity());
    }

    /** The preset, then {@code method} (e.g. {@link RldtConfig#asQam}), then config file, dataset, --set, --seed. */
    RldtConfig resolve(java.util.function.UnaryOperator<RldtConfig> method) throws IOException {
        RldtConfig cfg = method.apply(Presets.get(preset));
        if (config != null) cfg = ConfigToml.load(cfg, config);
        if (dataset != null) cfg = ConfigToml.override(cfg, List.of("task.demoSource=" + dataset));
        cfg = ConfigToml.override(cfg, overrides);
        if (seed != null) cfg = cfg.withSeed(seed);
        return cfg;
    }

    Path runDir(String fallbackName) {
        return runDir != null ? runDir : Path.of("runs", fallbackName);
    }

    static final class PresetNames extends ArrayList<String> {
        PresetNames() {
            super(Presets.names());
        }
    }
}
