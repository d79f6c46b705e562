package io.rldt.core.train;

import io.rldt.autodiff.io.Checkpoint;
import io.rldt.autodiff.io.CheckpointException;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.policy.SquashedGaussianPolicy;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.file.Path;
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
        meta.put("action_low", Metadata.join(low));
        meta.put("action_high", Metadata.join(high));
        meta.put("seed", Long.toString(seed));
        meta.put("step", Long.toString(step));
        meta.put("eval_return_mean", Double.toString(evalReturn));
        meta.put("eval_return_std", Double.toString(evalStd));
        Map<String, Tensor> weights = Checkpoint.of("actor.", actor);
        FiniteMetrics.requireFiniteTensors("env step " + step, weights);
        Safetensors.write(file, weights, meta);
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
        // The network is sized from these before any tensor is checked, so they are bounded first.
        int obsDim = Metadata.intValue(file, meta, "obs_dim", 1, 1 << 16), actionDim = Metadata.intValue(file, meta, "action_dim", 1, 1 << 16),
                hidden = Metadata.intValue(file, meta, "hidden", 1, 16384);
        double[] low = Metadata.doubles(file, meta, "action_low"), high = Metadata.doubles(file, meta, "action_high");
        if (low.length != actionDim || high.length != actionDim) {
            throw new CheckpointException(file, null, "metadata 'action_low'/'action_high' have " + low.length + "/" + high.length
                    + " entries, expected action_dim = " + actionDim);
        }
        SquashedGaussianPolicy actor = new SquashedGaussianPolicy(obsDim, actionDim, hidden, low, high, new Rng(0));
        Checkpoint.load(file, Checkpoint.of("actor.", actor));
        return new Loaded(actor, meta.get("env"), Metadata.longValue(file, meta, "step"), Metadata.longValue(file, meta, "seed"),
                Double.parseDouble(meta.getOrDefault("eval_return_mean", "NaN")),
                Double.parseDouble(meta.getOrDefault("eval_return_std", "NaN")), meta);
    }
}
