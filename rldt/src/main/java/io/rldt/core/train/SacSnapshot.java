package io.rldt.core.train;

import io.rldt.autodiff.io.Checkpoint;
import io.rldt.autodiff.io.CheckpointException;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.policy.SquashedGaussianPolicy;
import io.rldt.engine.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SAC actor on its own: the weights ({@code actor.*}) and what is needed to run them (env id, sizes, action
 * box) plus where they came from (seed, env step, evaluation return), in one small safetensors file. The
 * trainer writes one every {@code loop.snapshotEvery} steps; the medium policies and {@code collect --policy sac}
 * read them.
 */
public final class SacSnapshot {
    public static final String FORMAT = "rldt-sac-actor/1";

    private SacSnapshot() {}

    /** A loaded actor and its metadata. */
    public record Loaded(SquashedGaussianPolicy actor, String env, long step, long seed, double evalReturn,
                         double evalStd, Map<String, String> metadata) {}

    public static void save(Path file, SquashedGaussianPolicy actor, String env, int hidden, double[] low, double[] high,
                            long seed, long step, double evalReturn, double evalStd, Map<String, String> extra)
            throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.put("format", FORMAT);
        meta.put("env", env);
        meta.put("obs_dim", Integer.toString(actor.obsDim()));
        meta.put("action_dim", Integer.toString(actor.actionDim()));
        meta.put("hidden", Integer.toString(hidden));
        meta.put("action_low", Arrays.toString(low));
        meta.put("action_high", Arrays.toString(high));
        meta.put("seed", Long.toString(seed));
        meta.put("step", Long.toString(step));
        meta.put("eval_return_mean", Double.toString(evalReturn));
        meta.put("eval_return_std", Double.toString(evalStd));
        Safetensors.write(file, Checkpoint.of("actor.", actor), meta);
    }

    /** True when {@code file} is a readable safetensors file written by {@link #save}. */
    public static boolean isSnapshot(Path file) {
        if (!java.nio.file.Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".safetensors")) return false;
        try {
            return FORMAT.equals(Safetensors.read(file).metadata().get("format"));
        } catch (IOException | RuntimeException unreadable) {
            return false; // the caller's other loaders report what is wrong with the file
        }
    }

    public static Loaded load(Path file) throws IOException {
        Map<String, String> meta = Safetensors.read(file).metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new CheckpointException(file, null, "metadata 'format' is '" + meta.get("format") + "', expected '"
                    + FORMAT + "' (a SAC actor snapshot written by `rldt sac`)");
        }
        int obsDim = intKey(file, meta, "obs_dim"), actionDim = intKey(file, meta, "action_dim"),
                hidden = intKey(file, meta, "hidden");
        double[] low = vector(file, meta, "action_low", actionDim), high = vector(file, meta, "action_high", actionDim);
        SquashedGaussianPolicy actor = new SquashedGaussianPolicy(obsDim, actionDim, hidden, low, high, new Rng(0));
        Checkpoint.load(file, Checkpoint.of("actor.", actor));
        return new Loaded(actor, meta.get("env"), longKey(file, meta, "step"), longKey(file, meta, "seed"),
                Double.parseDouble(meta.getOrDefault("eval_return_mean", "NaN")),
                Double.parseDouble(meta.getOrDefault("eval_return_std", "NaN")), meta);
    }

    private static int intKey(Path file, Map<String, String> meta, String key) {
        return (int) longKey(file, meta, key);
    }

    private static long longKey(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) throw new CheckpointException(file, null, "metadata '" + key + "' is missing");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, null, "metadata '" + key + "' is '" + v + "', expected an integer");
        }
    }

    private static double[] vector(Path file, Map<String, String> meta, String key, int n) {
        String v = meta.get(key);
        if (v == null) throw new CheckpointException(file, null, "metadata '" + key + "' is missing");
        String[] parts = v.replace("[", "").replace("]", "").split(",");
        if (parts.length != n) {
            throw new CheckpointException(file, null, "metadata '" + key + "' has " + parts.length + " entries, expected " + n);
        }
        double[] out = new double[n];
        try {
            for (int i = 0; i < n; i++) out[i] = Double.parseDouble(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, null, "metadata '" + key + "' is '" + v + "', expected numbers");
        }
        return out;
    }
}
