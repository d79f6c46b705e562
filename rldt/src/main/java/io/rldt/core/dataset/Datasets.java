package io.rldt.core.dataset;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.rldt.core.data.NormalizationStats;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads demonstration datasets into {@link StepDataset}, choosing the format by extension:
 * <ul>
 *   <li>{@code .npz}: DPPO's layout, {@code states [N, O]}, {@code actions [N, A]}, {@code traj_lengths [T]}
 *       (summing to N), optionally {@code rewards [N]} and {@code terminals [N]} (what {@code rldt collect}
 *       writes); min-max statistics from a sibling {@code normalization.npz} ({@code obs_min}, {@code obs_max},
 *       {@code action_min}, {@code action_max}) when present;</li>
 *   <li>{@code .hdf5} / {@code .h5}: D4RL's layout, {@code observations [N, O]}, {@code actions [N, A]},
 *       {@code rewards [N]}, {@code terminals [N]}, {@code timeouts [N]} (optional); a trajectory ends at each
 *       step whose terminal or timeout flag is set, and at the end of the file.</li>
 * </ul>
 * Errors ({@link DatasetException}) name the file, the array and what was expected.
 */
public final class Datasets {
    private Datasets() {}

    /** True when {@code source} names a dataset file this class reads (by extension). */
    public static boolean isDatasetPath(String source) {
        String s = source.toLowerCase(java.util.Locale.ROOT);
        return s.endsWith(".npz") || s.endsWith(".hdf5") || s.endsWith(".h5");
    }

    public static StepDataset load(Path file) {
        if (!Files.exists(file)) throw new DatasetException(file, null, "file does not exist");
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npz")) return loadNpz(file);
        if (name.endsWith(".hdf5") || name.endsWith(".h5")) return loadHdf5(file);
        throw new DatasetException(file, null, "unknown dataset format; expected a .npz (DPPO or rldt collect) or "
                + ".hdf5/.h5 (D4RL) file");
    }

    // ------------------------------------------------------------------ DPPO / rldt .npz

    public static StepDataset loadNpz(Path file) {
        Map<String, NdArray> a = Npz.read(file);
        NdArray states = require(file, a, "states", "float [N, O] observations");
        NdArray actions = require(file, a, "actions", "float [N, A] actions");
        NdArray lengths = require(file, a, "traj_lengths", "integer [T] trajectory lengths summing to N");
        int n = rank2(file, "states", states);
        checkRows(file, "actions", actions, n, "states");
        rank2(file, "actions", actions);
        requireFinite(file, "states", states);
        requireFinite(file, "actions", actions);
        if (lengths.rank() != 1) {
            throw new DatasetException(file, "traj_lengths", "shape " + lengths.shapeString() + ", expected (T,)");
        }
        if (lengths.dtype().charAt(0) != 'i' && lengths.dtype().charAt(0) != 'u') {
            throw new DatasetException(file, "traj_lengths", "dtype " + lengths.dtype() + ", expected an integer type (int64)");
        }
        int[] lens = new int[lengths.values().length];
        long sum = 0;
        for (int i = 0; i < lens.length; i++) {
            lens[i] = (int) lengths.values()[i];
            if (lens[i] < 1) throw new DatasetException(file, "traj_lengths", "entry " + i + " is " + lens[i] + ", expected >= 1");
            sum += lens[i];
        }
        if (sum != n) {
            throw new DatasetException(file, "traj_lengths", "sums to " + sum + " but 'states' has " + n + " rows");
        }
        double[] rewards = null;
        boolean[] terminals = null;
        if (a.containsKey("rewards")) {
            rewards = vector(file, "rewards", a.get("rewards"), n);
            requireFinite(file, "rewards", a.get("rewards"));
        }
        if (a.containsKey("terminals")) terminals = flags(vector(file, "terminals", a.get("terminals"), n));
        NormalizationStats stats = null;
        Path norm = file.toAbsolutePath().getParent().resolve("normalization.npz");
        if (Files.exists(norm)) stats = normalization(norm, states.dim(1), actions.dim(1));
        return new StepDataset(file, states.rows(), actions.rows(), lens, rewards, terminals, stats);
    }

    /** DPPO's {@code normalization.npz}: {@code obs_min}, {@code obs_max} [O], {@code action_min}, {@code action_max} [A]. */
    public static NormalizationStats normalization(Path file, int obsDim, int actionDim) {
        Map<String, NdArray> a = Npz.read(file);
        double[] obsMin = vector(file, "obs_min", require(file, a, "obs_min", "[O] observation minima"), obsDim);
        double[] obsMax = vector(file, "obs_max", require(file, a, "obs_max", "[O] observation maxima"), obsDim);
        double[] actMin = vector(file, "action_min", require(file, a, "action_min", "[A] action minima"), actionDim);
        double[] actMax = vector(file, "action_max", require(file, a, "action_max", "[A] action maxima"), actionDim);
        NormalizationStats stats = new NormalizationStats(obsMin, obsMax, actMin, actMax, true);
        String problem = stats.firstProblem(true);
        if (problem != null) throw new DatasetException(file, null, problem);
        return stats;
    }

    // ------------------------------------------------------------------ D4RL .hdf5

    public static StepDataset loadHdf5(Path file) {
        Map<String, NdArray> a = new LinkedHashMap<>();
        try (HdfFile h5 = new HdfFile(file)) {
            for (String key : List.of("observations", "actions", "rewards", "terminals", "timeouts")) {
                Node node = h5.getChildren().get(key);
                if (node == null) continue;
                if (!(node instanceof Dataset ds)) throw new DatasetException(file, key, "is a group, expected a dataset");
                a.put(key, toNdArray(file, key, ds));
            }
        } catch (DatasetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DatasetException(file, null, "not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
        NdArray obs = require(file, a, "observations", "float [N, O] observations");
        NdArray actions = require(file, a, "actions", "float [N, A] actions");
        int n = rank2(file, "observations", obs);
        rank2(file, "actions", actions);
        checkRows(file, "actions", actions, n, "observations");
        requireFinite(file, "observations", obs);
        requireFinite(file, "actions", actions);
        double[] rewards = vector(file, "rewards", require(file, a, "rewards", "float [N] rewards"), n);
        requireFinite(file, "rewards", a.get("rewards"));
        boolean[] terminals = flags(vector(file, "terminals", require(file, a, "terminals", "bool [N] terminal flags"), n));
        boolean[] timeouts = a.containsKey("timeouts") ? flags(vector(file, "timeouts", a.get("timeouts"), n)) : new boolean[n];
        List<Integer> lens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (terminals[i] || timeouts[i] || i == n - 1) {
                lens.add(i + 1 - start);
                start = i + 1;
            }
        }
        return new StepDataset(file, obs.rows(), actions.rows(), lens.stream().mapToInt(Integer::intValue).toArray(),
                rewards, terminals, null);
    }

    private static NdArray toNdArray(Path file, String key, Dataset ds) {
        // The declared shape is checked before anything is read: a small compressed file can declare billions of
        // elements (an HDF5 "bomb"); reading it would exhaust the heap. The read holds the flat array of the
        // stored type and, unless it is float64 already, its float64 copy.
        int[] shape = ds.getDimensions();
        long count = Npy.elements(shape, file, key);
        long stored = Math.max(1, ds.getDataType().getSize());
        long copy = ds.getJavaType() == double.class ? 0 : 8;
        Npy.requireHeap(count * (stored + copy), shape, ds.getJavaType().getSimpleName(), file, key);
        Object flat = ds.getDataFlat();
        int len = Array.getLength(flat);
        double[] v = new double[len];
        String dtype;
        if (flat instanceof float[] f) {
            dtype = "f4";
            for (int i = 0; i < len; i++) v[i] = f[i];
        } else if (flat instanceof double[] d) {
            dtype = "f8";
            v = d;
        } else if (flat instanceof boolean[] b) {
            dtype = "b1";
            for (int i = 0; i < len; i++) v[i] = b[i] ? 1 : 0;
        } else if (flat instanceof String[] s) { // h5py stores bool as an enum {FALSE, TRUE}
            dtype = "b1";
            for (int i = 0; i < len; i++) {
                String x = s[i].trim().toLowerCase(java.util.Locale.ROOT);
                if (!x.equals("true") && !x.equals("false")) {
                    throw new DatasetException(file, key, "holds strings such as '" + s[i] + "', expected numbers or booleans");
                }
                v[i] = x.equals("true") ? 1 : 0;
            }
        } else if (flat.getClass().isArray() && flat.getClass().getComponentType().isPrimitive()) {
            dtype = "i8";
            for (int i = 0; i < len; i++) v[i] = ((Number) Array.get(flat, i)).doubleValue();
        } else {
            throw new DatasetException(file, key, "has element type " + ds.getJavaType().getSimpleName()
                    + ", expected numbers or booleans");
        }
        return new NdArray(dtype, shape, v);
    }

    // ------------------------------------------------------------------ checks

    private static NdArray require(Path file, Map<String, NdArray> a, String key, String expected) {
        NdArray x = a.get(key);
        if (x == null) {
            throw new DatasetException(file, key, "is missing; expected " + expected + " (the file holds "
                    + (a.isEmpty() ? "nothing" : String.join(", ", a.keySet())) + ")");
        }
        return x;
    }

    private static int rank2(Path file, String key, NdArray x) {
        if (x.rank() != 2) throw new DatasetException(file, key, "shape " + x.shapeString() + ", expected (N, dim)");
        if (x.dtype().charAt(0) != 'f') {
            throw new DatasetException(file, key, "dtype " + x.dtype() + ", expected float32 or float64");
        }
        return x.dim(0);
    }

    private static void checkRows(Path file, String key, NdArray x, int n, String other) {
        if (x.rank() < 1 || x.dim(0) != n) {
            throw new DatasetException(file, key, "shape " + x.shapeString() + " has " + (x.rank() < 1 ? 0 : x.dim(0))
                    + " rows, expected " + n + " (one per row of '" + other + "')");
        }
    }

    private static double[] vector(Path file, String key, NdArray x, int n) {
        boolean ok = (x.rank() == 1 && x.dim(0) == n) || (x.rank() == 2 && x.dim(0) == n && x.dim(1) == 1);
        if (!ok) throw new DatasetException(file, key, "shape " + x.shapeString() + ", expected (" + n + ",)");
        return x.values();
    }

    /** NaN or ±inf in a dataset trains on silently into a NaN policy: refuse it, naming the first bad entry. */
    private static void requireFinite(Path file, String key, NdArray x) {
        double[] v = x.values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new DatasetException(file, key, "holds " + v[i] + " at index " + index(x.shape(), i)
                        + "; expected finite values");
            }
        }
    }

    /** The C-order index of flat position {@code flat}, numpy-style: {@code (3, 1)}. */
    private static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Npy.shapeStr(idx);
    }

    private static boolean[] flags(double[] v) {
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i] != 0;
        return b;
    }

    /** Writes {@code data} in the rldt format (see {@code docs/datasets.md}): DPPO's arrays plus rewards and terminals. */
    public static void writeNpz(Path file, StepDataset data) throws IOException {
        int n = data.size(), o = data.obsDim(), a = data.actionDim();
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("states", NdArray.float32(flatten(data.observations()), n, o));
        arrays.put("actions", NdArray.float32(flatten(data.actions()), n, a));
        arrays.put("traj_lengths", NdArray.int64(Arrays.stream(data.lengths()).asLongStream().toArray(), data.lengths().length));
        if (data.rewards() != null) arrays.put("rewards", NdArray.float32(data.rewards(), n));
        if (data.terminals() != null) {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) t[i] = data.terminals()[i] ? 1 : 0;
            arrays.put("terminals", new NdArray("b1", new int[] {n}, t));
        }
        Npz.write(file, arrays);
    }

    /**
     * Writes {@code data} in D4RL's HDF5 layout: top-level {@code observations [N, O]}, {@code actions [N, A]},
     * {@code next_observations [N, O]}, {@code rewards [N]} (float32), {@code terminals [N]} and
     * {@code timeouts [N]} (bool), and {@code attributes} on the root group (strings and numbers). Written to a
     * temporary file and renamed into place.
     *
     * @param nextObservations [N][O] the true observation after each step (also at a truncation)
     * @param timeouts         [N] true where the episode was cut short (time limit, or the end of collection)
     */
    public static void writeHdf5(Path file, StepDataset data, double[][] nextObservations, boolean[] timeouts,
                                 Map<String, Object> attributes) throws IOException {
        int n = data.size();
        if (nextObservations.length != n || timeouts.length != n || data.rewards() == null || data.terminals() == null) {
            throw new IllegalArgumentException("writeHdf5: next observations, timeouts, rewards and terminals need one entry per step ("
                    + n + ")");
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            try (WritableHdfFile h5 = HdfFile.write(tmp)) {
                h5.putDataset("observations", toFloat(data.observations()));
                h5.putDataset("actions", toFloat(data.actions()));
                h5.putDataset("next_observations", toFloat(nextObservations));
                float[] r = new float[n];
                for (int i = 0; i < n; i++) r[i] = (float) data.rewards()[i];
                h5.putDataset("rewards", r);
                h5.putDataset("terminals", data.terminals().clone());
                h5.putDataset("timeouts", timeouts.clone());
                attributes.forEach(h5::putAttribute);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static float[][] toFloat(double[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) out[i][j] = (float) rows[i][j];
        }
        return out;
    }

    /** Writes DPPO's {@code normalization.npz} for {@code stats}. */
    public static void writeNormalization(Path file, NormalizationStats stats) throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("obs_min", NdArray.float32(stats.obsMin(), stats.obsMin().length));
        arrays.put("obs_max", NdArray.float32(stats.obsMax(), stats.obsMax().length));
        arrays.put("action_min", NdArray.float32(stats.actionMin(), stats.actionMin().length));
        arrays.put("action_max", NdArray.float32(stats.actionMax(), stats.actionMax().length));
        Npz.write(file, arrays);
    }

    private static double[] flatten(double[][] rows) {
        int c = rows.length == 0 ? 0 : rows[0].length;
        double[] out = new double[rows.length * c];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * c, c);
        return out;
    }
}
