package io.rldt.core.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TensorFlow's record framing, which TensorBoard event files use:
 *
 * <pre>
 * uint64 length            little-endian
 * uint32 masked_crc(length bytes)
 * byte   data[length]
 * uint32 masked_crc(data)
 * masked_crc(x) = ((c >>> 15) | (c << 17)) + 0xa282ead8,  c = CRC-32C (Castagnoli) of x
 * </pre>
 *
 * The mask exists because a CRC of data that itself contains CRCs is weak (TensorFlow's crc32c.h). The CRC is
 * the JDK's {@link CRC32C}. Not thread-safe.
 */
public final class TfRecordWriter {
    private static final int MASK_DELTA = 0xa282ead8;

    private final OutputStream out;
    private final CRC32C crc = new CRC32C();

    /** Writes to {@code out}; the caller closes it. */
    public TfRecordWriter(OutputStream out) { this.out = out; }

    /** Frames {@code data} as one record (header, data, footer) in a single write. */
    public void write(byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        b.putInt(maskedCrc32c(b.array(), 0, 8));
        b.put(data);
        b.putInt(maskedCrc32c(data, 0, data.length));
        out.write(b.array());
    }

    /** The masked CRC-32C of {@code data[offset, offset + length)}. */
    public int maskedCrc32c(byte[] data, int offset, int length) {
        crc.reset();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }
}
