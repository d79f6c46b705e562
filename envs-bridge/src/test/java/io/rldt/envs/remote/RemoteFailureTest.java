package io.rldt.envs.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A server that dies, hangs or sends garbage must give a clear exception within the timeout, never a hang. */
class RemoteFailureTest {
    static final Duration SHORT = Duration.ofMillis(800);
    /** Far above SHORT and process start-up on a busy machine, far below the fake servers' start timeout. */
    static final Duration BOUND = Duration.ofSeconds(15);

    static RemoteEnvConfig fake(String mode) {
        return PythonSupport.config(mode).withServerScript(PythonSupport.TEST_PYTHON.resolve("fake_server.py"))
                .withStartTimeout(Duration.ofSeconds(40));
    }

    static void assertMentions(RemoteEnvException e, String... fragments) {
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "expected '" + f + "' in:\n" + e.getMessage());
    }

    static void assertDead(ProcessHandle p) throws Exception {
        p.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(p.isAlive());
    }

    @Test
    void killedServerFailsTheNextCall() throws Exception {
        RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:point_mass"));
        ProcessHandle server = env.serverProcess().orElseThrow();
        env.reset(0);
        env.step(new double[] {0.1});
        server.destroyForcibly();
        assertDead(server);
        RemoteEnvException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RemoteEnvException.class, () -> env.step(new double[] {0.1})));
        assertMentions(e, "STEP failed");
        RemoteEnvException again = assertThrows(RemoteEnvException.class, () -> env.reset(0));
        assertMentions(again, "unusable after an earlier failure");
        env.close();
    }

    @Test
    void crashingEnvReportsExitCodeAndStderr() throws Exception {
        try (RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:crashy"))) {
            env.reset(0);
            env.step(new double[] {0});
            env.step(new double[] {0});
            RemoteEnvException e = assertTimeoutPreemptively(BOUND,
                    () -> assertThrows(RemoteEnvException.class, () -> env.step(new double[] {0})));
            assertMentions(e, "STEP failed", "closed the connection", "exited with code 3", "crashy: dying on purpose");
        }
    }

    @Test
    void hangingEnvTimesOutAndIsKilled() throws Exception {
        RemoteEnv env = RemoteEnv.launch(PythonSupport.config("rldt_test_envs:sleepy").withCallTimeout(SHORT));
        ProcessHandle server = env.serverProcess().orElseThrow();
        env.reset(0);
        long start = System.nanoTime();
        RemoteEnvException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RemoteEnvException.class, () -> env.step(new double[] {0})));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertMentions(e, "STEP failed", "no reply within 800 ms", "killed the server");
        assertTrue(millis >= 800, "gave up after " + millis + " ms, before the timeout");
        assertDead(server);
        env.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "text        | HELLO failed: malformed reply: frame length | look like text: \"Hell",
            "huge-length | HELLO failed: malformed reply: frame length 4294967280 outside | killed the server",
            "zero-length | HELLO failed: malformed reply: frame length 0 outside | killed the server",
            "bad-magic   | HELLO failed: malformed reply: SPACES does not start with the magic | killed the server",
            "bad-version | HELLO failed: malformed reply: server speaks protocol version 99 | killed the server",
            "truncated   | HELLO failed: the server closed the connection | exited with code 7",
            "wrong-type  | HELLO failed: malformed reply: expected SPACES, got STEP_OK | killed the server",
    })
    void malformedHandshakeFailsClearly(String mode, String what, String detail) {
        RemoteEnvConfig config = fake(mode);
        RemoteEnvException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(RemoteEnvException.class, () -> RemoteEnv.launch(config)));
        assertMentions(e, what, detail);
    }

    @Test
    void malformedStepReplyFailsClearly() throws Exception {
        RemoteEnvConfig config = fake("short-step");
        try (RemoteEnv env = RemoteEnv.launch(config)) {
            ProcessHandle server = env.serverProcess().orElseThrow();
            RemoteEnvException e = assertTimeoutPreemptively(BOUND,
                    () -> assertThrows(RemoteEnvException.class, () -> env.step(new double[] {0})));
            assertMentions(e, "STEP failed: malformed reply: STEP_OK payload is shorter", "killed the server");
            assertDead(server);
        }
    }

    @Test
    void frameLimitRejectsOversizedReplies() {
        // 64 bytes cannot hold the point mass's SPACES (4 + 2 + 12 + 6 * 8 + 1 = 67 bytes).
        RemoteEnvConfig config = PythonSupport.config("rldt_test_envs:point_mass").withMaxFrameBytes(64);
        RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> RemoteEnv.launch(config));
        assertMentions(e, "frame length 67 outside [1, 64]");
    }

    @Test
    void missingPythonFailsClearly() {
        RemoteEnvConfig config = PythonSupport.config("rldt_test_envs:point_mass").withPython("/nonexistent/python3");
        RemoteEnvException e = assertThrows(RemoteEnvException.class, () -> RemoteEnv.launch(config));
        assertMentions(e, "could not start the env server with '/nonexistent/python3'");
    }
}
