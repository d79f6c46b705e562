package io.rldt.envs.remote;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire format shared with {@code rldt_env_server.py}; {@code envs-bridge/REMOTE.md} is its specification.
 * A frame is {@code length:u32 type:u8 payload[length-1]}, all little-endian (what numpy writes without a copy).
 */
final class Protocol {
    private Protocol() {}

    static final byte[] MAGIC = {'R', 'L', 'D', 'T'};
    static final int VERSION = 1;

    static final int HELLO = 0x01, RESET = 0x02, STEP = 0x03, CLOSE = 0x04;
    static final int SPACES = 0x81, RESET_OK = 0x82, STEP_OK = 0x83, BYE = 0x84, ERROR = 0x7F;

    static final int TERMINATED = 1, TRUNCATED = 2, AUTORESET = 4;
    static final int TAG_F64 = 0, TAG_BOOL = 1, TAG_I64 = 2;

    /** Dimensions above this are garbage, not a real space (and would overflow frame arithmetic). */
    static final int MAX_DIM = 1 << 24;

    /** The peer broke the protocol; the byte stream can no longer be trusted. */
    static final class Violation extends IOException {
        Violation(String message) { super(message); }
    }

    /** The server answered ERROR: a Python exception, reported with its traceback. */
    static final class ServerError extends Exception {
        ServerError(String message) { super(message, null, false, false); }
    }

    static String name(int type) {
        return switch (type) {
            case HELLO -> "HELLO"; case RESET -> "RESET"; case STEP -> "STEP"; case CLOSE -> "CLOSE";
            case SPACES -> "SPACES"; case RESET_OK -> "RESET_OK"; case STEP_OK -> "STEP_OK"; case BYE -> "BYE";
            case ERROR -> "ERROR";
            default -> String.format("type 0x%02x", type);
        };
    }

    static ByteBuffer allocate(int bytes) { return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN); }

    /** Writes one frame and flushes; {@code out} should be buffered so the frame leaves in one write. */
    static void writeFrame(OutputStream out, int type, ByteBuffer payload) throws IOException {
        int n = payload.remaining();
        byte[] head = {(byte) (n + 1), (byte) ((n + 1) >>> 8), (byte) ((n + 1) >>> 16), (byte) ((n + 1) >>> 24), (byte) type};
        out.write(head);
        out.write(payload.array(), payload.arrayOffset() + payload.position(), n);
        out.flush();
    }

    /**
     * Reads one frame. Returns its payload (position 0, little-endian) with the type in {@code type[0]}.
     *
     * @throws EOFException if the stream ends, {@link Violation} if the length is outside {@code [1, maxFrame]}
     */
    static ByteBuffer readFrame(InputStream in, int maxFrame, int[] type) throws IOException {
        // The length is checked before anything else is read: garbage must fail now, not after a timeout.
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new EOFException(head.length == 0 ? "end of stream" : "end of stream inside a frame header");
        }
        long length = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
        if (length < 1 || length > maxFrame) {
            throw new Violation("frame length " + length + " outside [1, " + maxFrame + "]" + textHint(head));
        }
        int t = in.read();
        if (t < 0) throw new EOFException("end of stream inside a frame header");
        type[0] = t;
        byte[] body = in.readNBytes((int) length - 1);
        if (body.length < length - 1) {
            throw new EOFException("end of stream after " + body.length + " of " + (length - 1) + " payload bytes of a "
                    + name(type[0]) + " frame");
        }
        return ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A stray print on the protocol stream is the usual garbage; say so when the bytes look like text. */
    private static String textHint(byte[] head) {
        for (byte b : head) if (b < 0x09 || b > 0x7E) return "";
        return " (the bytes look like text: \"" + new String(head, StandardCharsets.US_ASCII).strip()
                + "...\"; is something printing to the protocol stream?)";
    }

    static String readString(ByteBuffer b) {
        byte[] s = new byte[b.remaining()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    static double[] readDoubles(ByteBuffer b, int n) {
        // Check before allocating: a lying dimension must not cost a huge array.
        if (b.remaining() < 8L * n) throw new BufferUnderflowException();
        double[] out = new double[n];
        b.asDoubleBuffer().get(out);
        b.position(b.position() + 8 * n);
        return out;
    }

    /** Reads one info dict: {@code count:u16 (keyLen:u16 key tag:u8 value:8 bytes)*}. */
    static Map<String, Object> readInfo(ByteBuffer b) throws Violation {
        int count = Short.toUnsignedInt(b.getShort());
        if (count == 0) return Map.of();
        Map<String, Object> info = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(key);
            int tag = b.get();
            long bits = b.getLong();
            Object value = switch (tag) {
                case TAG_F64 -> Double.longBitsToDouble(bits);
                case TAG_BOOL -> bits != 0;
                case TAG_I64 -> bits;
                default -> throw new Violation("unknown info value tag " + tag);
            };
            info.put(new String(key, StandardCharsets.UTF_8), value);
        }
        return java.util.Collections.unmodifiableMap(info);
    }

    /** Fails unless the payload was consumed exactly: a size mismatch means the two sides disagree. */
    static void requireConsumed(ByteBuffer b, int type) throws Violation {
        if (b.hasRemaining()) throw new Violation(name(type) + " has " + b.remaining() + " unexpected trailing bytes");
    }

    /** Turns a short payload into a protocol violation naming the message. */
    static Violation underflow(int type, BufferUnderflowException e) {
        return new Violation(name(type) + " payload is shorter than its contents require");
    }
}
