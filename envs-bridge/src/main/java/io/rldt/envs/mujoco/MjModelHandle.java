package io.rldt.envs.mujoco;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A compiled MuJoCo model ({@code mjModel*}), loaded from any MJCF file or from XML text such as the
 * project's generated robots ({@link Mjcf}). Reads any field the layout table lists. Thread-safe for reading;
 * {@link #close()} frees the model and must come after every {@link MjDataHandle} made from it is closed.
 */
public final class MjModelHandle implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment model;
    private final MjLayout layout;
    private final String source;

    private MjModelHandle(MemorySegment raw, String source) {
        this.layout = MujocoNative.layout();
        this.model = MujocoNative.view(raw, layout.constant("sizeof.mjModel"), arena, MujocoNative::deleteModel);
        this.source = source;
    }

    /** Loads and compiles an MJCF (or URDF) file; relative includes and assets resolve against its folder. */
    public static MjModelHandle load(Path mjcf) {
        MujocoNative.requireAvailable();
        return new MjModelHandle(MujocoNative.loadXml(mjcf.toAbsolutePath().toString()), mjcf.toString());
    }

    /** Compiles MJCF text (written to a temporary file that is deleted after loading). */
    public static MjModelHandle fromXml(String xml) {
        MujocoNative.requireAvailable();
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rldt-mjcf-", ".xml");
            Files.writeString(tmp, xml, StandardCharsets.UTF_8);
            return new MjModelHandle(MujocoNative.loadXml(tmp.toString()), "generated XML");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** Where the model came from (a path, or "generated XML"). */
    public String source() { return source; }

    public int nq() { return size("nq"); }
    public int nv() { return size("nv"); }
    public int nu() { return size("nu"); }
    public int na() { return size("na"); }
    public int nbody() { return size("nbody"); }

    /** The simulation time step {@code opt.timestep} in seconds. */
    public double timestep() { return model.get(JAVA_DOUBLE, layout.modelOption("timestep").offset()); }

    /** An integer size of mjModel, such as {@code "nq"} or {@code "nuser_geom"}. */
    public int size(String name) { return model.get(JAVA_INT, layout.modelInt(name)); }

    /** A field of {@code mjModel.opt}, widened to double ({@code "timestep"}, {@code "integrator"}, {@code "gravity"}...). */
    public double[] option(String name) {
        MjLayout.InlineField f = layout.modelOption(name);
        double[] out = new double[f.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.type() == MjLayout.Type.INT ? model.get(JAVA_INT, f.offset() + 4L * i)
                    : model.get(JAVA_DOUBLE, f.offset() + 8L * i);
        }
        return out;
    }

    /** Number of elements of an array field: rows × cols, from this model's sizes. */
    public long length(MjLayout.ArrayField f) {
        long cols = Character.isDigit(f.cols().charAt(0)) ? Long.parseLong(f.cols()) : size(f.cols());
        return size(f.rows()) * cols;
    }

    /** An mjtNum array field such as {@code "qpos0"}, {@code "body_mass"} or {@code "actuator_gear"} (copied). */
    public double[] doubles(String name) {
        MjLayout.ArrayField f = layout.modelArray(name);
        if (f.type() != MjLayout.Type.MJTNUM) throw new IllegalArgumentException(name + " is " + f.type() + ", not mjtNum");
        return array(f).toArray(JAVA_DOUBLE);
    }

    /** An int array field such as {@code "jnt_type"} (copied). */
    public int[] ints(String name) {
        MjLayout.ArrayField f = layout.modelArray(name);
        if (f.type() != MjLayout.Type.INT) throw new IllegalArgumentException(name + " is " + f.type() + ", not int");
        return array(f).toArray(JAVA_INT);
    }

    /**
     * Any array field as a Java array of the matching type ({@code double[]}, {@code int[]}, {@code float[]} or
     * {@code byte[]}); used to compare whole models.
     */
    public Object arrayCopy(MjLayout.ArrayField f) {
        MemorySegment s = array(f);
        return switch (f.type()) {
            case MJTNUM -> s.toArray(JAVA_DOUBLE);
            case INT -> s.toArray(JAVA_INT);
            case FLOAT -> s.toArray(JAVA_FLOAT);
            case BYTE, CHAR -> s.toArray(JAVA_BYTE);
            case OTHER -> throw new IllegalArgumentException("field " + f.name() + " has an unsupported type");
        };
    }

    private MemorySegment array(MjLayout.ArrayField f) {
        long bytes = length(f) * f.type().bytes;
        MemorySegment p = model.get(ADDRESS, f.offset());
        return bytes == 0 ? MemorySegment.NULL : MujocoNative.view(p, bytes, arena, null);
    }

    /** Allocates simulation data for this model; the caller closes it before closing the model. */
    public MjDataHandle makeData() { return new MjDataHandle(this); }

    MemorySegment segment() { return model; }
    MjLayout layout() { return layout; }

    /** Frees the model; idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
