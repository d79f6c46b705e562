package io.rldt.core.cli;

import io.rldt.core.config.ConfigToml;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the resolved configuration (preset, file, overrides) as TOML: a starting point for {@code --config}. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print the resolved configuration as TOML (preset + --config + --set).",
                "Save it, edit it and pass it back with --config FILE; every key maps onto io.rldt.core.config.RldtConfig."})
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Override
    public Integer call() throws Exception {
        System.out.print(ConfigToml.write(run.resolve()));
        return 0;
    }
}
