package io.rldt.envs.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request/reply channel to a server: a launched child (stdin/stdout) or a loopback socket.
 *
 * <p>Why a thread: a blocking read on a pipe cannot time out, so each round trip runs on a private daemon
 * thread while the caller waits with a deadline. On a timeout, garbage or a dead peer, the child (and its
 * descendants) is killed or the socket closed, which unblocks that thread, and the connection is marked
 * broken. A Python exception (an ERROR frame) leaves the connection usable. Not thread-safe beyond the
 * {@code synchronized} that keeps round trips from interleaving.
 */
final class RemoteConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RemoteConnection.class.getName());

    /** Decodes a reply payload; a short payload surfaces as {@link BufferUnderflowException}. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(ByteBuffer payload) throws Protocol.Violation;
    }

    private final String peer;
    private final Process process;   // null in connect mode
    private final Socket socket;     // null in launch mode
    private final StderrTail stderr; // null in connect mode
    private final InputStream in;
    private final OutputStream out;
    private final RemoteEnvConfig config;
    private final ExecutorService io;
    private String broken;           // why the connection is unusable; null while healthy
    private boolean closed;

    private RemoteConnection(String peer, Process process, Socket socket, StderrTail stderr, InputStream in,
                             OutputStream out, RemoteEnvConfig config) {
        this.peer = peer;
        this.process = process;
        this.socket = socket;
        this.stderr = stderr;
        this.in = new BufferedInputStream(in, 1 << 16);
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.config = config;
        this.io = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("rldt-remote-io").unstarted(r));
    }

    /** Starts {@code config.python() rldt_env_server.py --spec ...} with the protocol on its stdin/stdout. */
    static RemoteConnection launch(RemoteEnvConfig config) {
        if (config.spec() == null || config.spec().isBlank()) {
            throw new IllegalArgumentException("RemoteEnvConfig.spec is required to launch a server");
        }
        Path script = config.serverScript() != null ? config.serverScript() : RemoteServerScript.path();
        List<String> cmd = new ArrayList<>(List.of(config.python(), "-u", script.toString(), "--spec", config.spec(),
                "--max-frame", Integer.toString(config.maxFrameBytes())));
        if (!config.kwargsJson().isEmpty()) cmd.addAll(List.of("--kwargs", config.kwargsJson()));
        for (Path p : config.pythonPath()) cmd.addAll(List.of("--path", p.toAbsolutePath().toString()));
        Process process;
        try {
            process = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new RemoteEnvException("could not start the env server with '" + config.python() + "': " + e.getMessage()
                    + " (set RemoteEnvConfig.python to a Python 3 with numpy)", e);
        }
        String peer = config.python() + " " + script.getFileName() + " --spec " + config.spec() + " (pid " + process.pid() + ")";
        StderrTail tail = new StderrTail(process.getErrorStream(), config.echoStderr() ? System.err : null,
                "rldt-remote-stderr-" + process.pid());
        return new RemoteConnection(peer, process, null, tail, process.getInputStream(), process.getOutputStream(), config);
    }

    /** Connects to a server started with {@code --tcp}; the start timeout bounds the connect. */
    static RemoteConnection connect(String host, int port, RemoteEnvConfig config) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, config.startTimeout().toMillis()));
            s.setTcpNoDelay(true);  // one small frame each way per step: Nagle would add latency, not throughput
            return new RemoteConnection("tcp " + host + ":" + port, null, s, null, s.getInputStream(), s.getOutputStream(), config);
        } catch (IOException e) {
            try { s.close(); } catch (IOException ignored) { /* already failing */ }
            throw new RemoteEnvException("could not connect to the env server at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The child process, for tests and diagnostics; empty in connect mode. */
    Optional<ProcessHandle> process() { return Optional.ofNullable(process).map(Process::toHandle); }

    String peer() { return peer; }

    /**
     * Sends one request and waits up to {@code timeout} for its reply of type {@code replyType}.
     *
     * @throws RemoteEnvException for an ERROR reply (connection kept) or any transport failure (connection broken)
     */
    synchronized <T> T call(int type, ByteBuffer payload, int replyType, Parser<T> parser, Duration timeout) {
        if (closed) throw new IllegalStateException("remote env is closed [" + peer + "]");
        if (broken != null) throw new RemoteEnvException("remote env is unusable after an earlier failure: " + broken);
        return roundTrip(type, payload, replyType, parser, timeout);
    }

    private <T> T roundTrip(int type, ByteBuffer payload, int replyType, Parser<T> parser, Duration timeout) {
        String what = Protocol.name(type);
        Future<T> reply = io.submit(() -> {
            Protocol.writeFrame(out, type, payload);
            int[] got = new int[1];
            ByteBuffer body = Protocol.readFrame(in, config.maxFrameBytes(), got);
            if (got[0] == Protocol.ERROR) throw new Protocol.ServerError(Protocol.readString(body));
            if (got[0] != replyType) {
                throw new Protocol.Violation("expected " + Protocol.name(replyType) + ", got " + Protocol.name(got[0]));
            }
            try {
                T value = parser.parse(body);
                Protocol.requireConsumed(body, got[0]);
                return value;
            } catch (BufferUnderflowException e) {
                throw Protocol.underflow(got[0], e);
            }
        });
        try {
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw fail(what, "no reply within " + timeout.toMillis() + " ms (is the env hung?)", false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(what, "interrupted while waiting for the reply", false, e);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        }
    }

    private RemoteEnvException failure(String what, Throwable cause) {
        return switch (cause) {
            case Protocol.ServerError s when s.getMessage().startsWith("protocol error:") ->
                    fail(what, "the server rejected the request: " + s.getMessage(), true, null);
            case Protocol.ServerError s -> new RemoteEnvException(
                    "remote env " + what + " failed in Python [" + peer + "]:\n" + s.getMessage().strip());
            case Protocol.Violation v -> fail(what, "malformed reply: " + v.getMessage(), false, v);
            case EOFException eof -> fail(what, "the server closed the connection (" + eof.getMessage() + ")", true, eof);
            case IOException ioe -> fail(what, "the connection broke (" + ioe.getMessage() + ")", true, ioe);
            default -> fail(what, "unexpected error: " + cause, false, cause);
        };
    }

    /** Marks the connection broken, stops the peer and builds the exception with its exit status and stderr. */
    private RemoteEnvException fail(String what, String reason, boolean peerMayBeExiting, Throwable cause) {
        broken = what + ": " + reason;
        String status = stop(peerMayBeExiting ? config.closeTimeout().toMillis() : 0);
        StringBuilder msg = new StringBuilder("remote env ").append(what).append(" failed: ").append(reason)
                .append("; ").append(status).append(" [").append(peer).append(']');
        if (stderr != null) {
            String tail = stderr.tail();
            msg.append(tail.isEmpty() ? "\n(server stderr is empty)" : "\n--- server stderr (tail) ---\n" + tail);
        }
        return new RemoteEnvException(msg.toString(), cause);
    }

    /**
     * Ends the peer: waits up to {@code graceMillis} for a child to exit on its own, then kills it and its
     * descendants (an env may own simulator processes). Returns what happened, for messages.
     */
    private String stop(long graceMillis) {
        String status;
        if (process != null) {
            try {
                if (graceMillis > 0) process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                    status = "killed the server";
                } else {
                    status = "the server exited with code " + process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                status = "killed the server";
            }
            stderr.awaitEnd(500);
        } else {
            status = "closed the connection";
        }
        closeQuietly(socket);
        // The streams close on the io thread, after any round trip stuck there has failed against the dead
        // peer: closing a buffered stream from here could block on the lock that stuck write holds.
        io.execute(() -> {
            closeQuietly(out);
            closeQuietly(in);
        });
        io.shutdown();
        return status;
    }

    /** Says goodbye (CLOSE, then BYE within the close timeout) if still healthy, then stops the peer. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        if (broken == null) {
            try {
                roundTrip(Protocol.CLOSE, Protocol.allocate(0), Protocol.BYE, b -> null, config.closeTimeout());
            } catch (RemoteEnvException e) {
                LOG.log(System.Logger.Level.WARNING, "remote env did not close cleanly: {0}", e.getMessage());
            }
        }
        closed = true;
        if (broken == null) stop(config.closeTimeout().toMillis());
    }

    /** Stops the peer without the goodbye, e.g. after a failed handshake (the server exits on its own). */
    synchronized void abort(String why) {
        if (closed) return;
        closed = true;
        if (broken == null) {
            broken = why;
            stop(config.closeTimeout().toMillis());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing a stream to a dead peer may fail; the peer is being stopped anyway.
        }
    }
}
