package io.rldt.core.cli;

import io.rldt.autodiff.io.CheckpointException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
        if (quiet(args)) silenceInfoLogs();
        System.exit(commandLine().execute(args));
    }

    /** Whether a command was asked for {@code -q}/{@code --quiet} (every command that prints progress has it). */
    static boolean quiet(String[] args) {
        for (String a : args) if (a.equals("-q") || a.equals("--quiet")) return true;
        return false;
    }

    /** Quiet runs print only results: the backend's and the field's INFO lines are dropped, warnings stay. */
    static void silenceInfoLogs() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (var h : root.getHandlers()) h.setLevel(java.util.logging.Level.WARNING);
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

    /**
     * Configuration and file mistakes, and a file system that refuses a write (read-only, permissions, disk
     * full), are the user's to fix: one line naming the file, exit code 2, not a stack trace.
     */
    static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String prefix = cmd.getParent() == null ? "rldt" : "rldt " + cmd.getCommandName();
        // Our own exceptions already name the file; a bare I/O failure gets its file named here.
        IOException io = ioCause(e);
        String line = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof CheckpointException ? e.getMessage() : io != null ? describe(io) : null;
        if (line == null) throw new RuntimeException(e);
        cmd.getErr().println(prefix + ": " + line.replace('\n', ' '));
        return 2;
    }

    /** The I/O failure behind {@code e} (itself, or a cause a few levels down), or null. */
    private static IOException ioCause(Throwable e) {
        for (int depth = 0; e != null && depth < 8; e = e.getCause(), depth++) {
            if (e instanceof IOException io) return io;
        }
        return null;
    }

    /** {@code <file>: <what went wrong>}, e.g. {@code runs/a/config.toml: Read-only file system}. */
    static String describe(IOException e) {
        if (!(e instanceof FileSystemException fs)) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String what = fs.getReason() != null ? fs.getReason()
                : fs instanceof AccessDeniedException ? "permission denied"
                : fs instanceof NoSuchFileException ? "no such file or directory"
                : fs instanceof FileAlreadyExistsException ? "already exists (expected a directory?)"
                : fs instanceof NotDirectoryException ? "not a directory"
                : fs.getClass().getSimpleName();
        if (what.contains("No space left")) what += " (disk full; free space and run the same command again to resume)";
        return (fs.getFile() == null ? "" : fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile()) + ": ")
                + what;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rldt-jvm 0.1.0-SNAPSHOT", "Java " + System.getProperty("java.version")};
        }
    }
}
