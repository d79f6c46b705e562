package io.rldt.core.metrics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the few TensorBoard protobuf messages this project writes, by hand, so that no protobuf library is
 * needed. Field numbers from tensorboard/compat/proto (event.proto, summary.proto):
 *
 * <pre>
 * Event      { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5;
 *              SessionLog session_log = 7; }
 * SessionLog { SessionStatus status = 1; }               START = 1
 * Summary    { repeated Value value = 1; }
 * Value      { string tag = 1; float simple_value = 2; Image image = 4; }
 * Image      { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }
 * </pre>
 *
 * Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32; a key is {@code (field << 3) | type}.
 */
public final class TensorBoardEvents {
    private TensorBoardEvents() {}

    /** What TensorBoard expects in the first event of a file. */
    public static final String FILE_VERSION = "brain.Event:2";
    private static final int SESSION_START = 1;

    /** The first event of every file. */
    public static byte[] fileVersion(double wallTime) {
        Proto e = new Proto().fixed64(1, wallTime).bytes(3, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
        return e.toByteArray();
    }

    /**
     * A session (re)start at {@code step}: TensorBoard then drops data of earlier files at steps >= step, which
     * is what a resumed run wants (the part after the checkpoint is being recomputed).
     */
    public static byte[] sessionStart(double wallTime, long step) {
        return event(wallTime, step).bytes(7, new Proto().varint(1, SESSION_START).toByteArray()).toByteArray();
    }

    /** One event holding scalars {@code tags[i] = values[i]} (stored as float32, TensorBoard's simple_value). */
    public static byte[] scalars(double wallTime, long step, String[] tags, double[] values) {
        Proto summary = new Proto();
        for (int i = 0; i < tags.length; i++) {
            Proto value = new Proto().bytes(1, tags[i].getBytes(StandardCharsets.UTF_8)).fixed32(2, (float) values[i]);
            summary.bytes(1, value.toByteArray());
        }
        return event(wallTime, step).bytes(5, summary.toByteArray()).toByteArray();
    }

    /** One event holding an encoded image (PNG) under {@code tag}; colorspace 4 = RGBA, 3 = RGB. */
    public static byte[] image(double wallTime, long step, String tag, byte[] png, int width, int height, int colorspace) {
        Proto image = new Proto().varint(1, height).varint(2, width).varint(3, colorspace).bytes(4, png);
        Proto value = new Proto().bytes(1, tag.getBytes(StandardCharsets.UTF_8)).bytes(4, image.toByteArray());
        return event(wallTime, step).bytes(5, new Proto().bytes(1, value.toByteArray()).toByteArray()).toByteArray();
    }

    private static Proto event(double wallTime, long step) {
        return new Proto().fixed64(1, wallTime).varint(2, step);
    }

    /** A protobuf message under construction. Proto3: fields equal to their default may be left out; we never do. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long v) {
            key(field, 0);
            raw(v);
            return this;
        }

        Proto fixed64(int field, double v) {
            key(field, 1);
            long bits = Double.doubleToRawLongBits(v);
            for (int i = 0; i < 8; i++) out.write((int) (bits >>> (8 * i)));
            return this;
        }

        Proto fixed32(int field, float v) {
            key(field, 5);
            int bits = Float.floatToRawIntBits(v);
            for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
            return this;
        }

        Proto bytes(int field, byte[] b) {
            key(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        private void key(int field, int wireType) { raw(((long) field << 3) | wireType); }

        /** Base-128 varint, low group first; a negative int64 takes 10 bytes, as protobuf specifies. */
        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toByteArray() { return out.toByteArray(); }
    }
}
