package io.rldt.envs.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a child's stderr on a daemon thread, keeping the last {@link #CAPACITY} bytes for error messages.
 * Draining is not optional: a child whose stderr pipe fills up blocks, which would look like a hang.
 */
final class StderrTail {
    static final int CAPACITY = 8192;

    private final byte[] ring = new byte[CAPACITY];
    private long written;  // total bytes seen; ring holds the last min(written, CAPACITY)
    private final Thread drainer;

    StderrTail(InputStream stderr, PrintStream echo, String threadName) {
        drainer = Thread.ofPlatform().daemon().name(threadName).start(() -> drain(stderr, echo));
    }

    private void drain(InputStream in, PrintStream echo) {
        byte[] buf = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                append(buf, n);
                if (echo != null) echo.write(buf, 0, n);
            }
        } catch (IOException e) {
            // The stream closes when the child is killed; whatever arrived before is kept.
        }
    }

    private synchronized void append(byte[] buf, int n) {
        for (int i = 0; i < n; i++) ring[(int) ((written + i) % CAPACITY)] = buf[i];
        written += n;
    }

    /** Waits up to {@code millis} for the child's stderr to close, so a dying child's last words are kept. */
    void awaitEnd(long millis) {
        try {
            drainer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last bytes of stderr as text (a leading partial line is dropped when the ring overflowed). */
    synchronized String tail() {
        int n = (int) Math.min(written, CAPACITY);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = ring[(int) ((written - n + i) % CAPACITY)];
        String s = new String(out, StandardCharsets.UTF_8);
        if (written > CAPACITY && s.indexOf('\n') >= 0) s = s.substring(s.indexOf('\n') + 1);
        return s.stripTrailing();
    }
}
