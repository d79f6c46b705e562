package io.rldt.core.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    private Npy() {}

    /** Parses one {@code .npy} image; {@code file} and {@code array} only label errors. */
    public static NdArray read(byte[] bytes, Path file, String array) {
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw new DatasetException(file, array, "not a .npy array (missing the \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen, headerStart;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) throw new DatasetException(file, array, "truncated .npy header");
            headerLen = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new DatasetException(file, array, ".npy version " + major + " is not supported (expected 1, 2 or 3)");
        }
        if (headerLen < 0 || headerStart + headerLen > bytes.length) {
            throw new DatasetException(file, array, "truncated .npy header (" + headerLen + " bytes announced, "
                    + (bytes.length - headerStart) + " present)");
        }
        String header = new String(bytes, headerStart, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file, array, "descr");
        String fortran = group(FORTRAN, header, file, array, "fortran_order");
        int[] shape = parseShape(group(SHAPE, header, file, array, "shape"), file, array);
        if (fortran.equals("True")) {
            throw new DatasetException(file, array, "is stored in Fortran order; expected C order (np.ascontiguousarray)");
        }
        Dtype dt = Dtype.parse(descr, file, array);
        long count = 1;
        for (int d : shape) count *= d;
        int dataStart = headerStart + headerLen;
        long need = count * dt.size;
        if (bytes.length - dataStart < need) {
            throw new DatasetException(file, array, "truncated data: shape " + shapeStr(shape) + " of " + descr
                    + " needs " + need + " bytes, found " + (bytes.length - dataStart));
        }
        double[] values = new double[(int) count];
        buf.position(dataStart);
        for (int i = 0; i < values.length; i++) values[i] = dt.get(buf);
        return new NdArray("" + dt.kind + dt.size, shape, values);
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
