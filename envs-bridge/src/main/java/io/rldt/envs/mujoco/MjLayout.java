package io.rldt.envs.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Byte offsets of {@code mjModel} and {@code mjData} fields, read from the committed table
 * {@code mjlayout.properties} that {@code envs-bridge/tools/mjlayout.c} generates from MuJoCo's headers with
 * {@code offsetof} and the {@code mjxmacro.h} X-macros. {@link MujocoNative} checks {@link #version()} against
 * {@code mj_version()} before anything uses an offset.
 */
public final class MjLayout {
    /** Resource path of the table, relative to the class path root. */
    public static final String RESOURCE = "/io/rldt/envs/mujoco/mjlayout.properties";

    /** Element type of an array or scalar field, with its size in bytes. */
    public enum Type {
        MJTNUM(8), INT(4), FLOAT(4), BYTE(1), CHAR(1), OTHER(-1);

        public final int bytes;
        Type(int bytes) { this.bytes = bytes; }

        static Type of(String c) {
            return switch (c) {
                case "mjtNum" -> MJTNUM;
                case "int" -> INT;
                case "float" -> FLOAT;
                case "mjtByte" -> BYTE;
                case "char" -> CHAR;
                default -> OTHER;
            };
        }
    }

    /**
     * A pointer field: an array of {@code rows × cols} elements, {@code rows} naming an mjModel size
     * ({@code "nbody"}) and {@code cols} either a number or another size ({@code "nuser_body"}).
     */
    public record ArrayField(String name, long offset, Type type, String rows, String cols) {}

    /** A field stored inline in the struct: {@code count} elements at {@code offset}. */
    public record InlineField(String name, long offset, Type type, int count) {}

    private final int version;
    private final Map<String, String> raw;
    private final Map<String, Long> modelInts = new LinkedHashMap<>();
    private final Map<String, InlineField> modelOptions = new LinkedHashMap<>();
    private final Map<String, ArrayField> modelArrays = new LinkedHashMap<>();
    private final Map<String, InlineField> dataInline = new LinkedHashMap<>();
    private final Map<String, ArrayField> dataArrays = new LinkedHashMap<>();

    private MjLayout(Map<String, String> raw) {
        this.raw = raw;
        this.version = Integer.parseInt(require(raw, "mujoco.version"));
        raw.forEach((k, v) -> {
            String[] f = v.split(",");
            if (k.startsWith("model.int.")) {
                modelInts.put(k.substring(10), Long.parseLong(v));
            } else if (k.startsWith("model.opt.")) {
                String n = k.substring(10);
                modelOptions.put(n, new InlineField(n, Long.parseLong(f[0]), Type.of(f[1]), Integer.parseInt(f[2])));
            } else if (k.startsWith("model.ptr.")) {
                String n = k.substring(10);
                modelArrays.put(n, new ArrayField(n, Long.parseLong(f[0]), Type.of(f[1]), f[2], f[3]));
            } else if (k.startsWith("data.scalar.")) {
                String n = k.substring(12);
                dataInline.put(n, new InlineField(n, Long.parseLong(f[0]), Type.of(f[1]), 1));
            } else if (k.startsWith("data.vec.")) {
                String n = k.substring(9);
                dataInline.put(n, new InlineField(n, Long.parseLong(f[0]), Type.of(f[1]), Integer.parseInt(f[2])));
            } else if (k.startsWith("data.ptr.")) {
                String n = k.substring(9);
                dataArrays.put(n, new ArrayField(n, Long.parseLong(f[0]), Type.of(f[1]), f[2], f[3]));
            }
        });
    }

    /** Loads the committed table from the class path. */
    public static MjLayout load() {
        try (InputStream in = MjLayout.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a table in the generator's format (used by the test that regenerates it). */
    public static MjLayout parse(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        Map<String, String> raw = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> raw.put(k, p.getProperty(k)));
        return new MjLayout(raw);
    }

    private static String require(Map<String, String> raw, String key) {
        String v = raw.get(key);
        if (v == null) throw new IllegalStateException("MuJoCo layout table lacks " + key);
        return v;
    }

    /** The MuJoCo header version the table was generated from (222 for 2.2.2). */
    public int version() { return version; }

    /** All entries as generated, sorted by key. */
    public Map<String, String> entries() { return Collections.unmodifiableMap(raw); }

    public long modelInt(String name) { return get(modelInts, name, "model.int"); }
    public InlineField modelOption(String name) { return get(modelOptions, name, "model.opt"); }
    public ArrayField modelArray(String name) { return get(modelArrays, name, "model.ptr"); }
    public InlineField dataInline(String name) { return get(dataInline, name, "data.scalar/vec"); }
    public ArrayField dataArray(String name) { return get(dataArrays, name, "data.ptr"); }

    public Map<String, Long> modelInts() { return Collections.unmodifiableMap(modelInts); }
    public Map<String, InlineField> modelOptions() { return Collections.unmodifiableMap(modelOptions); }
    public Map<String, ArrayField> modelArrays() { return Collections.unmodifiableMap(modelArrays); }

    /** A size or constant from the {@code sizeof.}, {@code offset.} or {@code const.} entries. */
    public long constant(String key) { return Long.parseLong(require(raw, key)); }

    private static <T> T get(Map<String, T> map, String name, String kind) {
        T v = map.get(name);
        if (v == null) throw new IllegalArgumentException("no " + kind + " field '" + name + "' in the MuJoCo layout table");
        return v;
    }
}
