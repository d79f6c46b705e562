package io.rldt.core.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs the project's JMH benchmarks through {@code jmh/run-benchmarks.sh}, passing any arguments on. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the JMH benchmarks (jmh/run-benchmarks.sh); arguments after -- go to the script.",
                "See jmh/README.md for what is measured and how."})
final class BenchCommand implements Callable<Integer> {
    static final String SCRIPT = "jmh/run-benchmarks.sh";

    @Option(names = "--root", paramLabel = "DIR", description = "the repository root (default: found from the working directory or the CLI jar)")
    Path root;

    @Parameters(paramLabel = "ARGS", description = "passed to the benchmark script")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path script = find();
        if (script == null) {
            System.err.println("rldt bench: no benchmark script " + SCRIPT + " found under "
                    + (root != null ? root : "the working directory or the CLI's checkout")
                    + ". The jmh module provides it; run from the repository root, or pass --root DIR.");
            return 1;
        }
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(args);
        System.out.println("rldt bench: " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).directory(script.getParent().getParent().toFile()).inheritIO().start();
        return p.waitFor();
    }

    private Path find() {
        List<Path> roots = new ArrayList<>();
        if (root != null) roots.add(root);
        else {
            Path cwd = Path.of("").toAbsolutePath();
            for (Path p = cwd; p != null; p = p.getParent()) roots.add(p);
            try { // <root>/rldt/target/rldt-cli.jar
                Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                for (Path p = jar.getParent(); p != null; p = p.getParent()) roots.add(p);
            } catch (Exception ignored) {
                // no code source: only the working directory is searched
            }
        }
        for (Path r : roots) {
            Path s = r.resolve(SCRIPT.replace('/', File.separatorChar));
            if (Files.isRegularFile(s)) return s;
        }
        return null;
    }
}
