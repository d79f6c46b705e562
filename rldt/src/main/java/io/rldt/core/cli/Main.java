package io.rldt.core.cli;

import io.rldt.autodiff.io.CheckpointException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rldt} command line: {@code ./rldt.sh <subcommand> --help} documents each one. */
@Command(name = "rldt", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Fine-tune flow-matching policies with RLDT (density transport) on the JVM.",
        subcommands = {DemoCommand.class, CollectCommand.class, PretrainCommand.class, FinetuneCommand.class, SacCommand.class, SnapshotsCommand.class,
                EvalCommand.class, PlotCommand.class, ConfigCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (what {@link #main} runs; tests call {@code execute} on it in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::handle)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Configuration and file mistakes are the user's to fix: print the message, not a stack trace. */
    static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof CheckpointException || e instanceof UncheckedIOException
                || e instanceof java.nio.file.NoSuchFileException) {
            cmd.getErr().println((cmd.getParent() == null ? "rldt" : "rldt " + cmd.getCommandName()) + ": " + e.getMessage());
            return 2;
        }
        throw new RuntimeException(e);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rldt-jvm 0.1.0-SNAPSHOT", "Java " + System.getProperty("java.version")};
        }
    }
}
