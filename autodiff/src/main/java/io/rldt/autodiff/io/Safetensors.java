package io.rldt.autodiff.io;

import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format (float32 only): an 8-byte little-endian header length {@code N},
 * {@code N} bytes of UTF-8 JSON {@code {"name": {"dtype": "F32", "shape": [...], "data_offsets": [b, e]}, ...,
 * "__metadata__": {"k": "v"}}} padded with spaces to a multiple of 8, then the little-endian data, offsets
 * relative to its start. Writes are atomic: a temporary file in the same directory, fsync, then an
 * {@code ATOMIC_MOVE} rename, so a crash leaves either the old file or the new one.
 *
 * <p>Every read error is a {@link CheckpointException} naming the file, and the tensor where there is one.
 */
public final class Safetensors {
    /** Headers larger than this are treated as corruption (the format's own limit is 100 MB). */
    static final long MAX_HEADER = 100L << 20;
    static final String METADATA = "__metadata__";

    private Safetensors() {}

    /** The tensors (in file order) and the metadata of a file. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Writes {@code tensors} (in iteration order) and {@code metadata} to {@code file} atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        StringBuilder h = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            h.append(Json.quote(METADATA)).append(":{");
            int i = 0;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                h.append(i++ > 0 ? "," : "").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            }
            h.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("tensor name " + METADATA + " is reserved");
            long bytes = 4L * e.getValue().size();
            h.append(h.length() > 1 ? "," : "").append(Json.quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] s = e.getValue().shape();
            for (int d = 0; d < s.length; d++) h.append(d > 0 ? "," : "").append(s[d]);
            h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(header);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp"); // hidden, like the other writers
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, head);
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    float[] d = t.onHost() ? t.data() : t.toArray(); // a device tensor: one announced download
                    for (int i = 0, n = t.size(); i < n; i++) {
                        if (buf.remaining() < 4) {
                            buf.flip();
                            writeFully(ch, buf);
                            buf.clear();
                        }
                        buf.putFloat(d[i]);
                    }
                }
                buf.flip();
                writeFully(ch, buf);
                ch.force(true); // the data must be on disk before the rename makes it visible
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) { // "No space left on device" names no file
            throw new FileSystemException(file.toString(), null, e.getMessage());
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux); elsewhere a no-op. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform: the rename is still atomic, only its durability is weaker
        }
    }

    /**
     * Reads and validates a whole file. The header length is checked against the file size before anything is
     * allocated, and each tensor is read straight from the file into its array, so a corrupt or hostile file
     * (a link to {@code /dev/zero}, a header announcing gigabytes) costs at most the file's own size.
     */
    public static Contents read(Path file) throws IOException {
        requireRegularFile(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointException(file, null, "file is truncated: " + size
                        + " bytes, expected at least 8 (the header length)");
            }
            long n = readFully(ch, 0, 8, file).getLong();
            if (n < 2 || n > MAX_HEADER) {
                throw new CheckpointException(file, null, "corrupt header length " + n + " (expected 2.." + MAX_HEADER + ")");
            }
            if (8 + n > size) {
                throw new CheckpointException(file, null, "file is truncated: header needs " + (8 + n) + " bytes, file has "
                        + size);
            }
            Map<String, Object> header = parseHeader(file, readFully(ch, 8, (int) n, file));
            return readTensors(file, ch, header, 8 + n, size - 8 - n);
        }
    }

    /**
     * Directories, devices and pipes get one clear error instead of a stack trace or an endless read; a link to
     * a regular file is fine.
     */
    static void requireRegularFile(Path file) throws IOException {
        if (!Files.exists(file)) throw new CheckpointException(file, null, "file does not exist");
        if (Files.isDirectory(file)) throw new CheckpointException(file, null, "is a directory, expected a .safetensors file");
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, null, "is not a regular file (a device, pipe or socket?), expected a "
                    + ".safetensors file");
        }
    }

    private static Map<String, Object> parseHeader(Path file, ByteBuffer bytes) {
        try {
            Object parsed = Json.parse(new String(bytes.array(), 0, bytes.limit(), StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?>)) throw new IllegalArgumentException("header is not a JSON object");
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) parsed;
            return m;
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, null, "corrupt header: " + e.getMessage());
        }
    }

    private static Contents readTensors(Path file, FileChannel ch, Map<String, Object> header, long dataStart,
                                        long dataLen) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long maxEnd = 0;
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw new CheckpointException(file, null, "__metadata__ is not an object");
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String v)) {
                        throw new CheckpointException(file, null, "metadata value for '" + me.getKey() + "' is not a string");
                    }
                    metadata.put((String) me.getKey(), v);
                }
                continue;
            }
            TensorInfo info = TensorInfo.of(file, e.getKey(), e.getValue());
            if (info.end() > dataLen) {
                throw new CheckpointException(file, e.getKey(), "file is truncated: the tensor needs data bytes ["
                        + info.begin() + ", " + info.end() + ") but the data section has " + dataLen + " bytes");
            }
            tensors.put(e.getKey(), Tensor.wrap(readFloats(ch, dataStart + info.begin(), info.size(), file), info.shape()));
            maxEnd = Math.max(maxEnd, info.end());
        }
        if (maxEnd != dataLen) {
            throw new CheckpointException(file, null, "corrupt file: " + (dataLen - maxEnd)
                    + " data bytes are not covered by any tensor");
        }
        return new Contents(tensors, metadata);
    }

    /** {@code count} little-endian floats from {@code pos}, through a small buffer (no second copy of the tensor). */
    private static float[] readFloats(FileChannel ch, long pos, int count, Path file) throws IOException {
        float[] d = new float[count];
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; ) {
            int k = Math.min(count - i, buf.capacity() / 4);
            buf.clear().limit(4 * k);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    throw new CheckpointException(file, null, "file is truncated (it shrank while being read)");
                }
            }
            buf.flip();
            buf.asFloatBuffer().get(d, i, k);
            pos += 4L * k;
            i += k;
        }
        return d;
    }

    private static ByteBuffer readFully(FileChannel ch, long pos, int len, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new CheckpointException(file, null, "file is truncated (it shrank while being read)");
            }
        }
        return b.flip();
    }

    /** The index of the first NaN or infinite value among the first {@code n} of {@code d}, or -1. */
    public static int firstNonFinite(float[] d, int n) {
        for (int i = 0; i < n; i++) if (!Float.isFinite(d[i])) return i;
        return -1;
    }

    /** One validated header entry. */
    private record TensorInfo(int[] shape, long begin, long end) {
        int size() { return Shapes.size(shape); }

        static TensorInfo of(Path file, String name, Object entry) {
            if (!(entry instanceof Map<?, ?> m)) throw new CheckpointException(file, name, "header entry is not an object");
            if (!"F32".equals(m.get("dtype"))) {
                throw new CheckpointException(file, name, "dtype is " + m.get("dtype") + ", expected F32");
            }
            if (!(m.get("shape") instanceof List<?> sl) || !(m.get("data_offsets") instanceof List<?> ol) || ol.size() != 2) {
                throw new CheckpointException(file, name, "header entry needs 'shape' and two 'data_offsets'");
            }
            int[] shape = new int[sl.size()];
            long size = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(sl.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                    throw new CheckpointException(file, name, "bad shape " + sl);
                }
                shape[i] = (int) (long) d;
                size *= d;
                if (size > Integer.MAX_VALUE) throw new CheckpointException(file, name, "shape " + sl + " is too large");
            }
            if (!(ol.get(0) instanceof Long b) || !(ol.get(1) instanceof Long e) || b < 0 || e - b != 4 * size) {
                throw new CheckpointException(file, name, "data_offsets " + ol + " do not match shape " + sl
                        + " (" + 4 * size + " bytes of F32)");
            }
            return new TensorInfo(shape, b, e);
        }
    }
}
