package io.rldt.envs.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.envs.Box;
import io.rldt.envs.GymnasiumPython;
import io.rldt.envs.StepResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shipped server hosting real Gymnasium 1.3 envs, classic control (Pendulum-v1) and MuJoCo (Hopper-v4 on the
 * MuJoCo 3.14 bindings), over stdin/stdout and TCP, single and vectorised: every value the JVM receives equals
 * what the same env gives in-process ({@code src/test/python/gym_rollout.py}), bit for bit, autoresets included.
 * Then the fault tests of {@link RemoteFailureTest} on the real server: killed, hung (SIGSTOP), and garbage both
 * from the env (stdout writes) and from a client. Skips with one line without a Python that has gymnasium.
 */
@Tag("gymnasium")
class RealGymnasiumBridgeTest {
    static final Duration BOUND = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    static RemoteEnvConfig config(String python, String spec) {
        return RemoteEnvConfig.of(spec).withPython(python).withPythonPath(GymnasiumPython.TEST_PYTHON)
                .withStartTimeout(Duration.ofSeconds(60)).withCallTimeout(Duration.ofSeconds(20));
    }

    /** Action t of env i: deterministic, partly outside the action bounds (the env clips or the engine clamps). */
    static double[] action(int t, int i, int dim, double scale) {
        double[] a = new double[dim];
        for (int k = 0; k < dim; k++) a[k] = scale * Math.sin(0.37 * t + 1.1 * k + 0.5 * i);
        return a;
    }

    static double[][] actions(int steps, int i, int dim, double scale) {
        double[][] a = new double[steps][];
        for (int t = 0; t < steps; t++) a[t] = action(t, i, dim, scale);
        return a;
    }

    static double[][] oracle(String python, String env, long seed, boolean autoreset, double[][] actions) {
        StringBuilder in = new StringBuilder();
        for (double[] a : actions) in.append(GymnasiumPython.line(a));
        return GymnasiumPython.rows(python, "gym_rollout.py", in.toString(), env, Long.toString(seed), autoreset ? "1" : "0");
    }

    /** A single remote env against the in-process rollout, exactly, for {@code steps} steps from {@code seed}. */
    static void assertSingleMatches(RemoteEnv env, String python, String id, long seed, int steps, double scale) {
        int dim = env.actionSpace().dim();
        double[][] a = actions(steps, 0, dim, scale);
        double[][] o = oracle(python, id, seed, false, a);
        double[] obs = env.reset(seed).observation();
        int d = obs.length;
        assertArrayEquals(o[0], obs, 0.0, id + ": reset observation");
        for (int t = 0; t < steps; t++) {
            StepResult r = env.step(a[t]);
            double[] row = o[t + 1];
            assertArrayEquals(Arrays.copyOf(row, d), r.observation(), 0.0, id + ": observation at step " + t);
            assertEquals(row[d], r.reward(), 0.0, id + ": reward at step " + t);
            assertEquals(row[d + 1] != 0, r.terminated(), id + ": terminated at step " + t);
            assertEquals(row[d + 2] != 0, r.truncated(), id + ": truncated at step " + t);
            if (r.done()) {
                env.reset();  // not compared: the oracle does not reset without autoreset
                return;
            }
        }
    }

    /** N remote envs with same-step autoreset against N in-process rollouts that reset the same way. */
    static int assertVectorMatches(RemoteVectorEnv venv, String python, String id, long seed, int steps, double scale) {
        int n = venv.numEnvs(), dim = venv.actionSpace().dim();
        double[][][] o = new double[n][][];
        double[][] obs = venv.reset(seed).observations();
        int d = obs[0].length;
        for (int i = 0; i < n; i++) {
            o[i] = oracle(python, id, seed + i, true, actions(steps, i, dim, scale));
            assertArrayEquals(o[i][0], obs[i], 0.0, id + ": reset of env " + i);
        }
        int autoresets = 0;
        for (int t = 0; t < steps; t++) {
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) a[i] = action(t, i, dim, scale);
            VectorStepResult r = venv.step(a);
            for (int i = 0; i < n; i++) {
                double[] row = o[i][t + 1];
                String at = id + " env " + i + " step " + t;
                assertArrayEquals(Arrays.copyOf(row, d), r.observations()[i], 0.0, at + ": observation");
                assertEquals(row[d], r.rewards()[i], 0.0, at + ": reward");
                assertEquals(row[d + 1] != 0, r.terminated()[i], at + ": terminated");
                assertEquals(row[d + 2] != 0, r.truncated()[i], at + ": truncated");
                if (row.length > d + 3) {
                    autoresets++;
                    assertArrayEquals(Arrays.copyOfRange(row, d + 3, row.length), r.finalObservations()[i], 0.0, at + ": final observation");
                } else {
                    assertNull(r.finalObservations()[i], at + ": no final observation");
                }
            }
        }
        return autoresets;
    }

    static Process startTcpServer(String python, String spec) throws IOException {
        return new ProcessBuilder(List.of(python, RemoteServerScript.path().toString(), "--spec", spec,
                "--path", GymnasiumPython.TEST_PYTHON.toString(), "--tcp", "127.0.0.1:0"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static int awaitPort(Process server) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {  // keep reading so gymnasium's warnings never fill the pipe
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the server is gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("server exited before listening:\n" + seen);
    }

    @Test
    void pendulumOverStdio() {
        String python = GymnasiumPython.classic();
        try (RemoteEnv env = RemoteEnv.launch(config(python, "Pendulum-v1"))) {
            assertEquals(new Box(new double[] {-1, -1, -8}, new double[] {1, 1, 8}), env.observationSpace());
            assertEquals(Box.uniform(1, -2, 2), env.actionSpace());
            assertSingleMatches(env, python, "Pendulum-v1", 11, 60, 3.0);
        }
    }

    @Test
    void pendulumOverTcpVectorisedUntilTheTimeLimit() throws Exception {
        String python = GymnasiumPython.classic();
        Process server = startTcpServer(python, "Pendulum-v1");
        try {
            int port = assertTimeoutPreemptively(BOUND, () -> awaitPort(server));
            RemoteEnvConfig c = RemoteEnvConfig.forConnect().withCallTimeout(Duration.ofSeconds(20));
            try (RemoteVectorEnv venv = RemoteVectorEnv.connect("127.0.0.1", port, c, 2)) {
                // 210 steps cross Gymnasium's TimeLimit (200): truncation and autoreset come from Python.
                assertEquals(2, assertVectorMatches(venv, python, "Pendulum-v1", 21, 210, 2.5));
            }
            try (RemoteEnv env = RemoteEnv.connect("127.0.0.1", port, c)) {  // the next client of the same server
                assertSingleMatches(env, python, "Pendulum-v1", 5, 20, 1.0);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void hopperOverStdioVectorised() {
        String python = GymnasiumPython.mujoco();
        try (RemoteVectorEnv venv = RemoteVectorEnv.launch(config(python, "Hopper-v4"), 3)) {
            assertEquals(Box.uniform(3, -1, 1), venv.actionSpace());
            assertEquals(11, venv.observationSpace().dim());
            int autoresets = assertVectorMatches(venv, python, "Hopper-v4", 31, 120, 0.8);
            assertTrue(autoresets >= 3, "expected every hopper to fall at least once in 120 steps, saw " + autoresets + " autoresets");
        }
    }

    @Test
    void hopperOverTcp() throws Exception {
        String python = GymnasiumPython.mujoco();
        Process server = startTcpServer(python, "Hopper-v4");
        try {
            int port = assertTimeoutPreemptively(BOUND, () -> awaitPort(server));
            try (RemoteEnv env = RemoteEnv.connect("127.0.0.1", port, RemoteEnvConfig.forConnect())) {
                assertSingleMatches(env, python, "Hopper-v4", 41, 100, 0.8);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    // ------------------------------------------------------------------ faults on the real server

    @Test
    void killedServerFailsTheNextCall() throws Exception {
        String python = GymnasiumPython.mujoco();
        RemoteEnv env = RemoteEnv.launch(config(python, "Hopper-v4"));
        ProcessHandle server = env.serverProcess().orElseThrow();
        env.reset(0);
        env.step(new double[] {0.1, 0.1, 0.1});
        server.destroyForcibly();
        RemoteFailureTest.assertDead(server);
        RemoteEnvException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RemoteEnvException.class, () -> env.step(new double[] {0.1, 0.1, 0.1})));
        RemoteFailureTest.assertMentions(e, "STEP failed", "the server exited with code 137");  // 128 + SIGKILL
        RemoteFailureTest.assertMentions(assertThrows(RemoteEnvException.class, () -> env.reset(0)), "unusable after an earlier failure");
        env.close();
    }

    @Test
    void hungServerTimesOutAndIsKilled() throws Exception {
        String python = GymnasiumPython.classic();
        RemoteEnv env = RemoteEnv.launch(config(python, "Pendulum-v1").withCallTimeout(RemoteFailureTest.SHORT));
        ProcessHandle server = env.serverProcess().orElseThrow();
        env.reset(0);
        env.step(new double[] {0.5});
        // SIGSTOP: the process is alive and its pipe open, but it never answers, the worst kind of hang.
        Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(server.pid())).start();
        assertEquals(0, stop.waitFor());
        long start = System.nanoTime();
        RemoteEnvException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RemoteEnvException.class, () -> env.step(new double[] {0.5})));
        long millis = (System.nanoTime() - start) / 1_000_000;
        RemoteFailureTest.assertMentions(e, "STEP failed", "no reply within 800 ms", "killed the server");
        assertTrue(millis >= 800, "gave up after " + millis + " ms, before the timeout");
        RemoteFailureTest.assertDead(server);
        env.close();
    }

    @Test
    void garbageWrittenToStdoutByTheEnvNeverReachesTheWire() {
        String python = GymnasiumPython.classic();
        // The noisy wrapper prints and writes raw bytes to fd 1 on every call; the values must still be exact.
        try (RemoteEnv env = RemoteEnv.launch(config(python, "rldt_gym_faults:noisy_pendulum"))) {
            assertSingleMatches(env, python, "Pendulum-v1", 3, 15, 2.0);
        }
    }

    @Test
    void aClientSpeakingGarbageDoesNotTakeTheServerDown() throws Exception {
        String python = GymnasiumPython.classic();
        Process server = startTcpServer(python, "Pendulum-v1");
        try {
            int port = assertTimeoutPreemptively(BOUND, () -> awaitPort(server));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = s.getInputStream().readAllBytes();  // an ERROR frame, then the server hangs up
                String text = new String(reply, StandardCharsets.UTF_8);
                assertTrue(text.contains("protocol error"), "expected an ERROR frame, got: " + text);
                assertEquals(Protocol.ERROR, reply[4] & 0xFF, "frame type");
            }
            assertTrue(server.isAlive(), "the server died after a garbage client");
            try (RemoteEnv env = RemoteEnv.connect("127.0.0.1", port, RemoteEnvConfig.forConnect())) {
                assertSingleMatches(env, python, "Pendulum-v1", 8, 10, 1.0);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void registryMakesGymIdsThroughTheBridge() {
        String python = GymnasiumPython.classic();
        String before = System.getProperty("rldt.gym.python");
        System.setProperty("rldt.gym.python", python);
        try (io.rldt.envs.Env env = io.rldt.envs.EnvRegistry.make("gym:Pendulum-v1")) {
            assertTrue(io.rldt.envs.EnvRegistry.contains("gym:Pendulum-v1"));
            assertTrue(env instanceof RemoteEnv, "expected a bare RemoteEnv (Gymnasium applies the time limit), got " + env);
            int steps = 0;
            env.reset(4);
            while (!env.step(new double[] {0.0}).done()) steps++;
            assertEquals(199, steps, "Gymnasium's TimeLimit(200) ends the episode");
        } finally {
            if (before == null) System.clearProperty("rldt.gym.python");
            else System.setProperty("rldt.gym.python", before);
        }
    }
}
