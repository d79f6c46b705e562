package io.rldt.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The record framing and the hand-written protobuf, byte by byte (TensorBoardSinkTest reads them with TensorBoard). */
class TfRecordWriterTest {

    @Test
    void maskedCrcOfTheStandardCheckString() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        // CRC-32C of "123456789" is 0xE3069283 (RFC 3720, B.4); masked: ((c >>> 15) | (c << 17)) + 0xa282ead8.
        assertEquals(0xC78AB0E5, new TfRecordWriter(new ByteArrayOutputStream()).maskedCrc32c(check, 0, check.length));
    }

    @Test
    void recordIsLengthCrcDataCrc() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TfRecordWriter w = new TfRecordWriter(out);
        byte[] data = {1, 2, 3, 4, 5};
        w.write(data);
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 + 4 + 5 + 4, b.remaining());
        assertEquals(5L, b.getLong());
        assertEquals(w.maskedCrc32c(out.toByteArray(), 0, 8), b.getInt());
        byte[] back = new byte[5];
        b.get(back);
        assertArrayEquals(data, back);
        assertEquals(w.maskedCrc32c(data, 0, 5), b.getInt());
    }

    @Test
    void scalarEventEncodesAsProtobuf() {
        byte[] e = TensorBoardEvents.scalars(1.5, 300, new String[] {"a/b"}, new double[] {2.0});
        byte[] expected = {
                0x09, 0, 0, 0, 0, 0, 0, (byte) 0xF8, 0x3F,      // wall_time = 1.5 (field 1, fixed64)
                0x10, (byte) 0xAC, 0x02,                         // step = 300 (field 2, varint)
                0x2A, 0x0C,                                      // summary (field 5), 12 bytes
                0x0A, 0x0A,                                      //   value (field 1), 10 bytes
                0x0A, 0x03, 'a', '/', 'b',                       //     tag = "a/b"
                0x15, 0, 0, 0, 0x40};                            //     simple_value = 2.0f (field 2, fixed32)
        assertArrayEquals(expected, e);
    }
}
