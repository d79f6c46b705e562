package io.rldt.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rldt} command line: {@code ./rldt.sh <subcommand> --help} documents each one. */
@Command(name = "rldt", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Fine-tune flow-matching policies with RLDT (density transport) on the JVM.",
        subcommands = {DemoCommand.class, FinetuneCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = new CommandLine(new Main()).setExecutionExceptionHandler(Main::handle).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Configuration mistakes are the user's to fix: print the message, not a stack trace. */
    static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println("rldt: " + e.getMessage());
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
