package io.rldt.envs.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to start and talk to a remote env server. Immutable; change fields with the {@code with...} methods.
 *
 * @param spec          what the server builds: a gymnasium id ({@code "Pendulum-v1"}) or {@code "module:callable"}
 *                      returning an env; required to launch, ignored when connecting (the server was started with one)
 * @param python        the Python executable; default {@code "python3"} (looked up on {@code PATH})
 * @param pythonPath    directories put first on the server's {@code sys.path}; default none
 * @param kwargsJson    a JSON object of keyword arguments for the factory or {@code gymnasium.make}; default
 *                      {@code ""} (none). Passed through as text: this module has no JSON library
 * @param serverScript  the server script to run; default {@code null} = the bundled {@code rldt_env_server.py}
 * @param startTimeout  limit for starting the process and building the envs (imports of MuJoCo or robomimic
 *                      can take many seconds); default 60 s
 * @param callTimeout   limit for one reset or step round trip; default 30 s
 * @param closeTimeout  how long close waits for the server to exit before killing it; default 2 s
 * @param maxFrameBytes the largest frame accepted from the server, in bytes; a longer length prefix is treated
 *                      as garbage; default 64 MiB
 * @param echoStderr    also copy the server's stderr to {@code System.err} (it is always kept for error
 *                      messages); default false
 */
public record RemoteEnvConfig(String spec, String python, List<Path> pythonPath, String kwargsJson,
                              Path serverScript, Duration startTimeout, Duration callTimeout,
                              Duration closeTimeout, int maxFrameBytes, boolean echoStderr) {

    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

    public RemoteEnvConfig {
        Objects.requireNonNull(python, "python");
        pythonPath = List.copyOf(pythonPath);
        kwargsJson = kwargsJson == null ? "" : kwargsJson;
        requirePositive(startTimeout, "startTimeout");
        requirePositive(callTimeout, "callTimeout");
        requirePositive(closeTimeout, "closeTimeout");
        if (maxFrameBytes < 64) throw new IllegalArgumentException("maxFrameBytes must be >= 64, got " + maxFrameBytes);
    }

    /** Defaults for launching a server that builds {@code spec}. */
    public static RemoteEnvConfig of(String spec) {
        return new RemoteEnvConfig(spec, "python3", List.of(), "", null, Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(2), DEFAULT_MAX_FRAME_BYTES, false);
    }

    /** Defaults for connecting to a server the user started (no spec: the server has its own). */
    public static RemoteEnvConfig forConnect() { return of(null); }

    public RemoteEnvConfig withSpec(String v) { return new RemoteEnvConfig(v, python, pythonPath, kwargsJson, serverScript, startTimeout, callTimeout, closeTimeout, maxFrameBytes, echoStderr); }
    public RemoteEnvConfig withPython(String v) { return new RemoteEnvConfig(spec, v, pythonPath, kwargsJson, serverScript, startTimeout, callTimeout, closeTimeout, maxFrameBytes, echoStderr); }
    public RemoteEnvConfig withPythonPath(Path... v) { return new RemoteEnvConfig(spec, python, List.of(v), kwargsJson, serverScript, startTimeout, callTimeout, closeTimeout, maxFrameBytes, echoStderr); }
    public RemoteEnvConfig withKwargsJson(String v) { return new RemoteEnvConfig(spec, python, pythonPath, v, serverScript, startTimeout, callTimeout, closeTimeout, maxFrameBytes, echoStderr); }
    public RemoteEnvConfig withServerScript(Path v) { return new RemoteEnvConfig(spec, python, pythonPath, kwargsJson, v, startTimeout, callTimeout, closeTimeout, maxFrameBytes, echoStderr); }
    public RemoteEnvConfig withStartTimeout(Duration v) { return new RemoteEnvConfig(spec, python, pythonPath, kwargsJson, serverScript, v, callTimeout, closeTimeout, maxFrameBytes, echoStderr); }
    public RemoteEnvConfig withCallTimeout(Duration v) { return new RemoteEnvConfig(spec, python, pythonPath, kwargsJson, serverScript, startTimeout, v, closeTimeout, maxFrameBytes, echoStderr); }
    public RemoteEnvConfig withCloseTimeout(Duration v) { return new RemoteEnvConfig(spec, python, pythonPath, kwargsJson, serverScript, startTimeout, callTimeout, v, maxFrameBytes, echoStderr); }
    public RemoteEnvConfig withMaxFrameBytes(int v) { return new RemoteEnvConfig(spec, python, pythonPath, kwargsJson, serverScript, startTimeout, callTimeout, closeTimeout, v, echoStderr); }
    public RemoteEnvConfig withEchoStderr(boolean v) { return new RemoteEnvConfig(spec, python, pythonPath, kwargsJson, serverScript, startTimeout, callTimeout, closeTimeout, maxFrameBytes, v); }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
}
