package io.rldt.core.cli;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every training command shares: preset, config file, overrides, seed, run directory. */
final class RunOptions {
    @Option(names = "--preset", description = "starting configuration: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            defaultValue = "pendulum", completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--config", description = "TOML file whose keys override the preset")
    Path config;

    @Option(names = "--set", description = "override one key, e.g. --set loop.iterations=20 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seed", description = "the run's seed (overrides the config)")
    Long seed;

    @Option(names = "--run-dir", description = "where metrics, checkpoints and plots go; an existing run there resumes")
    Path runDir;

    @Option(names = {"-q", "--quiet"}, description = "print only the final summary")
    boolean quiet;

    RldtConfig resolve() throws IOException {
        RldtConfig cfg = Presets.get(preset);
        if (config != null) cfg = ConfigToml.load(cfg, config);
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
