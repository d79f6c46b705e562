package io.rldt.envs.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Connect mode: a server the user started with {@code --tcp 127.0.0.1:0}, serving clients one after another. */
class RemoteTcpTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void connectsOverLoopbackAndServesClientsInTurn() throws Exception {
        String python = PythonSupport.python();
        Process server = new ProcessBuilder(List.of(python, RemoteServerScript.path().toString(),
                "--spec", "rldt_test_envs:point_mass", "--path", PythonSupport.TEST_PYTHON.toString(), "--tcp", "127.0.0.1:0"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            int port = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> awaitPort(server));
            RemoteEnvConfig config = RemoteEnvConfig.forConnect();
            try (RemoteEnv env = RemoteEnv.connect("127.0.0.1", port, config)) {
                assertTrue(env.serverProcess().isEmpty());
                RemoteEnvTest.assertMatchesOracle(env, 9);
            }
            try (RemoteVectorEnv venv = RemoteVectorEnv.connect("127.0.0.1", port, config, 2)) {
                venv.reset(9);
                assertEquals(2, venv.step(new double[][] {{0.1}, {0.2}}).numEnvs());
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void nothingListeningFailsClearly() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int closed = port;
        RemoteEnvException e = assertThrows(RemoteEnvException.class,
                () -> RemoteEnv.connect("127.0.0.1", closed, RemoteEnvConfig.forConnect()));
        assertTrue(e.getMessage().contains("could not connect to the env server at 127.0.0.1:" + closed), e.getMessage());
    }

    /** Reads the server's stderr up to its "listening on" line; the port is the one the OS picked. */
    private static int awaitPort(Process server) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) return Integer.parseInt(m.group(1));
            seen.append(line).append('\n');
        }
        throw new AssertionError("server exited before listening:\n" + seen);
    }
}
