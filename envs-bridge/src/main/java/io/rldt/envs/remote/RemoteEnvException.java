package io.rldt.envs.remote;

/**
 * A remote env failed: the server died, hung past the timeout, broke the protocol, or the Python env raised.
 * The message names what happened and, for a launched server, ends with the tail of its stderr, so the
 * Python traceback is in the Java stack trace. After any failure but a Python exception the connection is
 * closed and the child killed; further calls throw again.
 */
public class RemoteEnvException extends RuntimeException {
    public RemoteEnvException(String message) { super(message); }
    public RemoteEnvException(String message, Throwable cause) { super(message, cause); }
}
