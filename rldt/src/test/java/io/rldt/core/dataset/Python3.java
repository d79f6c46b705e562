package io.rldt.core.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code /usr/bin/python3} (or {@code python3} on the PATH) for oracle tests; tests skip when a module is absent. */
public final class Python3 {
    private Python3() {}

    public static String executable() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** True when python3 runs and imports every one of {@code modules}. */
    public static boolean has(String... modules) {
        try {
            return run(List.of("-c", "import " + String.join(", ", modules))).exitCode == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public record Result(int exitCode, String output) {}

    public static Result run(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 timed out: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Runs an inline script with arguments; fails with its output unless it exits 0. */
    public static String script(String code, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("-c", code));
        a.addAll(List.of(args));
        Result r = run(a);
        if (r.exitCode != 0) throw new AssertionError("python3 failed (" + r.exitCode + "):\n" + r.output);
        return r.output;
    }

    public static Path resource(String name) {
        try {
            return Path.of(Python3.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    public static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
