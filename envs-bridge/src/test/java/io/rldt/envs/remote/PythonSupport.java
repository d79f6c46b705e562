package io.rldt.envs.remote;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds a Python with numpy for the bridge tests, or skips them with one clear line. */
final class PythonSupport {
    private PythonSupport() {}

    /** src/test/python: surefire runs with the module directory as working directory. */
    static final Path TEST_PYTHON = Path.of("src", "test", "python").toAbsolutePath();

    private static String python;   // null until probed; "" when none works
    private static String whyNot;

    /** -Drldt.python or $RLDT_PYTHON if set (only that), else /usr/bin/python3, then python3 on PATH. */
    static synchronized String python() {
        if (python == null) probe();
        assumeTrue(!python.isEmpty(), "skipped: no Python 3 with numpy (" + whyNot + "); set -Drldt.python=...");
        return python;
    }

    private static void probe() {
        List<String> candidates = new ArrayList<>();
        String chosen = System.getProperty("rldt.python", System.getenv("RLDT_PYTHON"));
        if (chosen != null) {
            candidates.add(chosen);  // an explicit choice is not second-guessed
        } else {
            if (Files.isExecutable(Path.of("/usr/bin/python3"))) candidates.add("/usr/bin/python3");
            candidates.add("python3");
        }
        StringBuilder tried = new StringBuilder();
        for (String c : candidates) {
            if (run(List.of(c, "-c", "import numpy"), 20).ok()) {
                python = c;
                return;
            }
            tried.append(tried.isEmpty() ? "tried " : ", ").append(c);
        }
        python = "";
        whyNot = tried.toString();
    }

    /** Launch defaults for tests: the test envs on the path and timeouts sized for a busy 2-core machine. */
    static RemoteEnvConfig config(String spec) {
        return RemoteEnvConfig.of(spec).withPython(python()).withPythonPath(TEST_PYTHON)
                .withStartTimeout(Duration.ofSeconds(20)).withCallTimeout(Duration.ofSeconds(10));
    }

    record Result(boolean ok, String stdout) {}

    static Result run(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly();
            return new Result(done && p.exitValue() == 0, out);
        } catch (IOException e) {
            return new Result(false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, e.toString());
        }
    }

    /** The oracle: the point mass stepped in-process by Python, rows of hex floats parsed back exactly. */
    static double[][] pythonRollout(long seed, double... actions) {
        List<String> cmd = new ArrayList<>(List.of(python(), TEST_PYTHON.resolve("rldt_test_envs.py").toString(), Long.toString(seed)));
        for (double a : actions) cmd.add(Double.toString(a));
        Result r = run(cmd, 20);
        if (!r.ok()) throw new AssertionError("oracle rollout failed:\n" + r.stdout());
        return r.stdout().lines().map(l -> java.util.Arrays.stream(l.trim().split(" ")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }
}
