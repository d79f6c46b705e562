package io.rldt.core.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format (versions 1.0 to 3.0): the magic {@code \x93NUMPY}, a version, a little-endian
 * header length (2 bytes in 1.0, 4 bytes later), a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (N, O), }} padded with spaces to a multiple of 64,
 * then the raw values. Read: little-endian (or byte-order-free) float16/32/64, signed and unsigned integers of
 * 1–8 bytes and bool, C order. Written: float32, float64, int64 and bool, version 1.0.
 *
 * <p>Errors name the file and the array ({@code where}) and say what was expected.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Larger headers are corruption (numpy itself refuses headers over 10,000 bytes by default). */
    static final int MAX_HEADER = 1 << 20;
    /** The most elements a Java array holds. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {}

    /** Parses one {@code .npy} image; {@code file} and {@code array} only label errors. Trailing bytes are ignored. */
    public static NdArray read(byte[] bytes, Path file, String array) {
        try {
            return read(new ByteArrayInputStream(bytes), bytes.length, false, file, array);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /**
     * Reads one {@code .npy} from {@code in}, which holds {@code length} bytes (what a zip entry declares), and
     * reads no further than the header's shape says. Before anything is allocated the shape is checked
     * (no negative dimension, at most a Java array's worth of elements, data that fits the heap) and the bytes
     * it needs against {@code length}: {@code exact} (an archive member) requires them to match, otherwise
     * trailing bytes are allowed. A deflate bomb or a lying header costs a few kilobytes, not the heap.
     */
    public static NdArray read(InputStream in, long length, boolean exact, Path file, String array) throws IOException {
        byte[] pre = in.readNBytes(10);
        if (pre.length < 10 || !startsWithMagic(pre)) {
            throw new DatasetException(file, array, "not a .npy array (missing the \\x93NUMPY magic)");
        }
        int major = pre[6] & 0xff;
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = ByteBuffer.wrap(pre).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            byte[] two = in.readNBytes(2);
            if (two.length < 2) throw new DatasetException(file, array, "truncated .npy header");
            headerLen = ByteBuffer.wrap(new byte[] {pre[8], pre[9], two[0], two[1]}).order(ByteOrder.LITTLE_ENDIAN).getInt()
                    & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new DatasetException(file, array, ".npy version " + major + " is not supported (expected 1, 2 or 3)");
        }
        if (headerLen > MAX_HEADER || headerStart + headerLen > length) {
            throw new DatasetException(file, array, "truncated or corrupt .npy header (" + headerLen + " bytes announced, "
                    + (length - headerStart) + " present, at most " + MAX_HEADER + " allowed)");
        }
        byte[] head = in.readNBytes((int) headerLen);
        if (head.length < headerLen) {
            throw new DatasetException(file, array, "truncated .npy header (" + headerLen + " bytes announced, "
                    + head.length + " present)");
        }
        String header = new String(head, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file, array, "descr");
        String fortran = group(FORTRAN, header, file, array, "fortran_order");
        int[] shape = parseShape(group(SHAPE, header, file, array, "shape"), file, array);
        if (fortran.equals("True")) {
            throw new DatasetException(file, array, "is stored in Fortran order; expected C order (np.ascontiguousarray)");
        }
        Dtype dt = Dtype.parse(descr, file, array);
        long count = elements(shape, file, array);
        long dataStart = headerStart + headerLen, need = count * dt.size;
        if (length - dataStart < need || (exact && length - dataStart != need)) {
            throw new DatasetException(file, array, (length - dataStart < need ? "truncated data" : "corrupt member")
                    + ": shape " + shapeStr(shape) + " of " + descr + " needs " + need + " bytes, "
                    + (exact ? "the archive member declares " : "found ") + (length - dataStart));
        }
        requireHeap(8 * count, shape, descr, file, array);
        double[] values = new double[(int) count];
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int per = buf.capacity() / dt.size;
        for (int i = 0; i < values.length; ) {
            int k = Math.min(values.length - i, per);
            int got = in.readNBytes(buf.array(), 0, k * dt.size);
            if (got < k * dt.size) {
                throw new DatasetException(file, array, "truncated data: shape " + shapeStr(shape) + " of " + descr
                        + " needs " + need + " bytes, found " + ((long) i * dt.size + got));
            }
            buf.clear();
            for (int j = 0; j < k; j++) values[i + j] = dt.get(buf);
            i += k;
        }
        return new NdArray("" + dt.kind + dt.size, shape, values);
    }

    /** The product of {@code shape}, refused when a dimension is negative or the product exceeds a Java array. */
    static long elements(int[] shape, Path file, String array) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) throw new DatasetException(file, array, "shape " + shapeStr(shape) + " has a negative dimension");
            count *= d;
            if (count > MAX_ELEMENTS) {
                throw new DatasetException(file, array, "shape " + shapeStr(shape) + " has more than " + MAX_ELEMENTS
                        + " elements (a Java array's limit)");
            }
        }
        return count;
    }

    /** Refuses, with the estimate, an array whose values would not fit in what is left of the heap. */
    static void requireHeap(long bytes, int[] shape, String descr, Path file, String array) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            throw new DatasetException(file, array, String.format(java.util.Locale.ROOT, "shape %s of %s needs %.1f GB of "
                    + "memory (as float64) but the JVM has %.1f GB free; raise -Xmx (RLDT_JAVA_OPTS)", shapeStr(shape),
                    descr, bytes / 1e9, free / 1e9));
        }
    }

    /** Writes {@code a} as {@code .npy} 1.0 in its dtype ({@code f4}, {@code f8}, {@code i8} or {@code b1}). */
    public static void write(OutputStream out, NdArray a) throws IOException {
        String descr = switch (a.dtype()) {
            case "f4" -> "<f4";
            case "f8" -> "<f8";
            case "i8" -> "<i8";
            case "b1" -> "|b1";
            default -> throw new IllegalArgumentException("Npy.write: dtype " + a.dtype() + " is not writable; use f4, f8, i8 or b1");
        };
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++) shape.append(i == 0 ? "" : ", ").append(a.shape()[i]);
        if (a.shape().length == 1) shape.append(',');
        shape.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        head.write(header.length() & 0xff);
        head.write(header.length() >>> 8);
        head.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        int size = descr.equals("|b1") ? 1 : descr.endsWith("4") ? 4 : 8;
        ByteBuffer data = ByteBuffer.allocate(a.values().length * size).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : a.values()) {
            switch (descr) {
                case "<f4" -> data.putFloat((float) v);
                case "<f8" -> data.putDouble(v);
                case "<i8" -> data.putLong((long) v);
                default -> data.put((byte) (v != 0 ? 1 : 0));
            }
        }
        out.write(data.array());
    }

    public static byte[] toBytes(NdArray a) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, a);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean startsWithMagic(byte[] b) {
        for (int i = 0; i < MAGIC.length; i++) if (b[i] != MAGIC[i]) return false;
        return true;
    }

    private static String group(Pattern p, String header, Path file, String array, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new DatasetException(file, array, ".npy header has no '" + key + "': " + header.trim());
        return m.group(1);
    }

    private static int[] parseShape(String s, Path file, String array) {
        String[] parts = s.split(",");
        int n = 0;
        int[] shape = new int[parts.length];
        for (String p : parts) {
            if (p.isBlank()) continue;
            try {
                shape[n++] = Integer.parseInt(p.trim().replace("L", ""));
            } catch (NumberFormatException e) {
                throw new DatasetException(file, array, ".npy shape (" + s + ") is not a tuple of integers");
            }
        }
        return java.util.Arrays.copyOf(shape, n);
    }

    static String shapeStr(int[] shape) {
        return java.util.Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    /** A numpy element type this reader understands. */
    private record Dtype(char kind, int size) {
        static Dtype parse(String descr, Path file, String array) {
            String allowed = "little-endian float16/32/64, int8-64, uint8-64 or bool (e.g. '<f4', '<i8', '|b1')";
            if (descr.length() < 3) throw new DatasetException(file, array, "dtype '" + descr + "' is not supported; expected " + allowed);
            char order = descr.charAt(0), kind = descr.charAt(1);
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw new DatasetException(file, array, "dtype '" + descr + "' is not supported; expected " + allowed);
            }
            boolean orderOk = order == '<' || order == '|' || order == '=' || size == 1;
            boolean kindOk = switch (kind) {
                case 'f' -> size == 2 || size == 4 || size == 8;
                case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
                case 'b' -> size == 1;
                default -> false;
            };
            if (!orderOk || !kindOk) {
                throw new DatasetException(file, array, "dtype '" + descr + "' is not supported; expected " + allowed);
            }
            return new Dtype(kind, size);
        }

        double get(ByteBuffer b) {
            return switch (kind) {
                case 'f' -> size == 2 ? Float.float16ToFloat(b.getShort()) : size == 4 ? b.getFloat() : b.getDouble();
                case 'i' -> switch (size) {
                    case 1 -> b.get();
                    case 2 -> b.getShort();
                    case 4 -> b.getInt();
                    default -> b.getLong();
                };
                case 'u' -> switch (size) {
                    case 1 -> b.get() & 0xff;
                    case 2 -> b.getShort() & 0xffff;
                    case 4 -> b.getInt() & 0xffffffffL;
                    default -> {
                        long v = b.getLong();
                        yield v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
                    }
                };
                default -> b.get() != 0 ? 1 : 0;
            };
        }
    }
}
