package io.rldt.autodiff.io;

import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.optim.Adam;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named model and optimizer state in one safetensors file.
 *
 * <p>Layout: module parameters under {@code <prefix><dotted name>} (e.g. {@code actor.layers.0.weight}),
 * Adam state under {@code optim.<adam|adamw>.m.<name>} / {@code .v.<name>} with the optimizer's step count
 * in metadata {@code optim.<kind>.step}. Build the tensor map with {@link #of}/{@link #add} helpers, then
 * {@link #save}; {@link #load} copies values into the same map's tensors in place after checking that
 * every expected tensor is present with the expected shape and finite (extra tensors in the file are ignored).
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** The module's parameter values keyed {@code prefix + name} (the map shares the live tensors). */
    public static Map<String, Tensor> of(String prefix, Module module) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        add(m, prefix, module);
        return m;
    }

    public static void add(Map<String, Tensor> into, String prefix, Module module) {
        for (Map.Entry<String, Var> e : module.namedParameters().entrySet()) into.put(prefix + e.getKey(), e.getValue().value());
    }

    /** Adds the optimizer's moment buffers (prefix applied to the parameter names, e.g. {@code actor.}). */
    public static void add(Map<String, Tensor> into, String prefix, Adam opt) {
        String head = "optim." + opt.kind() + ".";
        for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
            String rest = e.getKey().substring(head.length()); // "m.<name>" or "v.<name>"
            into.put(head + rest.substring(0, 2) + prefix + rest.substring(2), e.getValue());
        }
    }

    /** The metadata key holding an optimizer's step count. */
    public static String stepKey(String prefix, Adam opt) {
        return "optim." + opt.kind() + "." + prefix + "step";
    }

    /** Saves model (and optimizer) state atomically. */
    public static void save(Path file, Module module, Adam opt, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> t = of("", module);
        Map<String, String> meta = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        if (opt != null) {
            add(t, "", opt);
            meta.put(stepKey("", opt), Long.toString(opt.stepCount()));
        }
        Safetensors.write(file, t, meta);
    }

    /** Loads model (and optimizer) state saved by {@link #save(Path, Module, Adam, Map)}; returns the metadata. */
    public static Map<String, String> load(Path file, Module module, Adam opt) throws IOException {
        Map<String, Tensor> t = of("", module);
        if (opt != null) add(t, "", opt);
        Map<String, String> meta = load(file, t);
        if (opt != null) {
            String step = meta.get(stepKey("", opt));
            if (step == null) throw new CheckpointException(file, null, "metadata '" + stepKey("", opt) + "' is missing");
            try {
                opt.setStepCount(Long.parseLong(step));
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file, null, "metadata '" + stepKey("", opt) + "' is '" + step + "', expected a count");
            }
        }
        return meta;
    }

    /**
     * Loads a module's weights from a safetensors file, for embedding: the tensors named {@code prefix + name}
     * (the prefix stripped) go through {@link Module#load(Map)}, so a missing, unexpected or wrongly shaped
     * tensor, or a non-finite value, is an error and nothing is modified. Optimizer state ({@code optim.*})
     * is skipped, so a file written by {@link #save} loads with the prefix {@code ""}.
     */
    public static Map<String, String> loadWeights(Path file, String prefix, Module module) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, Tensor> mine = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            if (e.getKey().startsWith(prefix) && !e.getKey().startsWith("optim.")) {
                mine.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        try {
            module.load(mine);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, null, e.getMessage());
        }
        return c.metadata();
    }

    /**
     * Reads {@code file} and copies each tensor named in {@code into} into that map's tensor, in place.
     * Nothing is modified unless every expected tensor is present with the right shape and finite values.
     */
    public static Map<String, String> load(Path file, Map<String, Tensor> into) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        for (Map.Entry<String, Tensor> e : into.entrySet()) {
            Tensor got = c.tensors().get(e.getKey());
            if (got == null) {
                throw new CheckpointException(file, e.getKey(), "tensor is missing (expected shape "
                        + Shapes.str(e.getValue().shape()) + ")");
            }
            if (!got.sameShape(e.getValue())) {
                throw new CheckpointException(file, e.getKey(), "shape is " + Shapes.str(got.shape()) + ", expected "
                        + Shapes.str(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : into.entrySet()) {
            // A NaN weight trains on silently and ends in a NaN policy with exit 0: refuse it here.
            Tensor got = c.tensors().get(e.getKey());
            int bad = Safetensors.firstNonFinite(got.data(), got.size());
            if (bad >= 0) {
                throw new CheckpointException(file, e.getKey(), "holds " + got.data()[bad] + " at index " + bad
                        + " (flat); expected finite values");
            }
        }
        for (Map.Entry<String, Tensor> e : into.entrySet()) {
            e.getValue().assign(c.tensors().get(e.getKey()).data()); // in place, where the tensor lives
        }
        return c.metadata();
    }
}
