package io.rldt.envs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Python with the real Gymnasium (and, for the MuJoCo tasks, its MuJoCo bindings) for the tests tagged
 * {@code gymnasium}, or skips them with one line. Candidates, first that imports the modules wins:
 * {@code -Drldt.gym.python} or {@code $RLDT_GYM_PYTHON} (only that, if set); else {@code .venv-gym/bin/python}
 * in the working directory or any folder above it (what {@code .ci/run} installs), {@code -Drldt.python} or
 * {@code $RLDT_PYTHON}, {@code /usr/bin/python3}, {@code python3}.
 */
public final class GymnasiumPython {
    private GymnasiumPython() {}

    /** src/test/python of envs-bridge: surefire runs with the module directory as working directory. */
    public static final Path TEST_PYTHON = Path.of("src", "test", "python").toAbsolutePath();

    private static String classic;  // null until probed; "" when none works
    private static String withMujoco;
    private static String whyNot;

    /** A Python that imports gymnasium (classic control); skips the test otherwise. */
    public static synchronized String classic() {
        if (classic == null) classic = probe("import gymnasium, numpy");
        assumeTrue(!classic.isEmpty(), () -> "skipped: no Python with gymnasium (" + whyNot + "); run .ci/run or set -Drldt.gym.python=...");
        return classic;
    }

    /** A Python that imports gymnasium's MuJoCo envs; skips the test otherwise. */
    public static synchronized String mujoco() {
        if (withMujoco == null) withMujoco = probe("import gymnasium, numpy, mujoco, gymnasium.envs.mujoco.hopper_v4");
        assumeTrue(!withMujoco.isEmpty(), () -> "skipped: no Python with gymnasium and mujoco (" + whyNot + "); run .ci/run or set -Drldt.gym.python=...");
        return withMujoco;
    }

    static List<String> candidates() {
        List<String> c = new ArrayList<>();
        String chosen = System.getProperty("rldt.gym.python", System.getenv("RLDT_GYM_PYTHON"));
        if (chosen != null) return List.of(chosen);  // an explicit choice is not second-guessed
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path venv = p.resolve(".venv-gym/bin/python");
            if (Files.isExecutable(venv)) {
                c.add(venv.toString());
                break;
            }
        }
        String general = System.getProperty("rldt.python", System.getenv("RLDT_PYTHON"));
        if (general != null) c.add(general);
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) c.add("/usr/bin/python3");
        c.add("python3");
        return c;
    }

    private static String probe(String imports) {
        StringBuilder tried = new StringBuilder();
        for (String c : candidates()) {
            if (run(List.of(c, "-W", "ignore", "-c", imports), "", 60).ok()) return c;
            tried.append(tried.isEmpty() ? "tried " : ", ").append(c);
        }
        whyNot = tried.toString();
        return "";
    }

    public record Result(boolean ok, String stdout) {}

    /** Runs {@code cmd} with {@code stdin}; stderr is merged into the output only when it fails. */
    public static Result run(List<String> cmd, String stdin, int timeoutSeconds) {
        try {
            Path err = Files.createTempFile("rldt-gym", ".stderr");
            try {
                Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
                if (!done) p.destroyForcibly();
                boolean ok = done && p.exitValue() == 0;
                return new Result(ok, ok ? out : out + Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, e.toString());
        }
    }

    /** Runs a script from src/test/python and parses its output lines of numbers (Python repr, exact). */
    public static double[][] rows(String python, String script, String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(python, "-W", "ignore", TEST_PYTHON.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Result r = run(cmd, stdin, 120);
        if (!r.ok()) throw new AssertionError(script + " " + String.join(" ", args) + " failed:\n" + r.stdout());
        return r.stdout().lines().filter(l -> !l.isBlank())
                .map(l -> Arrays.stream(l.trim().split(" ")).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    /** Numbers as one line, in the form Python's float() reads back exactly. */
    public static String line(double... values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) sb.append(sb.isEmpty() ? "" : " ").append(v);
        return sb.append('\n').toString();
    }
}
