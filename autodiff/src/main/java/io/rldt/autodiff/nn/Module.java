package io.rldt.autodiff.nn;

import io.rldt.autodiff.Var;
import io.rldt.engine.Backends;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container of named parameters and named child modules. Parameter names are dotted paths in
 * registration order ({@code layers.1.l1.weight}), stable across runs, used by checkpoints and optimizers.
 * Subclasses register everything in their constructor; there is no reflection.
 */
public abstract class Module {
    private final Map<String, Var> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /** Registers a trainable parameter initialised to {@code init} (owned by the module from now on). */
    protected final Var param(String name, Tensor init) {
        checkName(name);
        Var v = Var.param(name, init.toDevice()); // parameters live where the backend computes
        params.put(name, v);
        return v;
    }

    /** Registers a child module under {@code name}; its parameters appear as {@code name.<param>}. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("module " + getClass().getSimpleName() + ": invalid or duplicate name '"
                    + name + "'");
        }
    }

    /** All parameters by dotted name, own parameters first, then children in registration order. */
    public final Map<String, Var> namedParameters() {
        Map<String, Var> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Var> out) {
        params.forEach((n, v) -> out.put(prefix + n, v));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    public final List<Var> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Total number of scalar parameters. */
    public final long parameterCount() {
        long n = 0;
        for (Var v : namedParameters().values()) n += v.value().size();
        return n;
    }

    public final void zeroGrad() {
        for (Var v : namedParameters().values()) v.zeroGrad();
    }

    /**
     * Loads parameter values by dotted name ({@link #namedParameters()}), copying them into this module's
     * tensors in place: the way to put weights trained elsewhere into a module you embed. All or nothing: every
     * parameter must be present with its shape and finite values, and no other name may appear; otherwise an
     * {@link IllegalArgumentException} lists the missing, unexpected and wrongly shaped tensors (or the first
     * non-finite value) and nothing is modified. {@code weights} is not modified.
     */
    public final void load(Map<String, Tensor> weights) {
        Map<String, Var> mine = namedParameters();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), wrong = new ArrayList<>();
        for (Map.Entry<String, Var> e : mine.entrySet()) {
            Tensor src = weights.get(e.getKey());
            if (src == null) missing.add(e.getKey() + " " + Shapes.str(e.getValue().shape()));
            else if (!src.sameShape(e.getValue().value())) {
                wrong.add(e.getKey() + " is " + Shapes.str(src.shape()) + ", expected " + Shapes.str(e.getValue().shape()));
            }
        }
        for (String k : weights.keySet()) if (!mine.containsKey(k)) unexpected.add(k);
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrong.isEmpty()) {
            StringBuilder m = new StringBuilder(getClass().getSimpleName() + ".load: weights do not match the module:");
            if (!missing.isEmpty()) m.append(" missing ").append(missing).append(';');
            if (!unexpected.isEmpty()) m.append(" unexpected ").append(unexpected).append(';');
            if (!wrong.isEmpty()) m.append(" wrong shape ").append(wrong).append(';');
            throw new IllegalArgumentException(m.substring(0, m.length() - 1));
        }
        for (String k : mine.keySet()) {
            Tensor src = weights.get(k);
            for (int i = 0, n = src.size(); i < n; i++) {
                if (!Float.isFinite(src.data()[i])) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ".load: tensor '" + k + "' holds "
                            + src.data()[i] + " at index " + i + " (flat); expected finite values");
                }
            }
        }
        for (Map.Entry<String, Var> e : mine.entrySet()) {
            assign(e.getValue().value(), weights.get(e.getKey()));
        }
    }

    /**
     * Copies every parameter value from {@code source} (same architecture) into this module's tensors in
     * place: the hard copy behind target networks and the frozen reference policy.
     */
    public final void copyFrom(Module source) {
        Map<String, Var> mine = namedParameters(), theirs = source.namedParameters();
        if (!mine.keySet().equals(theirs.keySet())) {
            throw new IllegalArgumentException("copyFrom: parameter names differ: " + mine.keySet() + " vs " + theirs.keySet());
        }
        for (Map.Entry<String, Var> e : mine.entrySet()) {
            Tensor dst = e.getValue().value(), src = theirs.get(e.getKey()).value();
            if (!dst.sameShape(src)) {
                throw new IllegalArgumentException("copyFrom: " + e.getKey() + " has shape " + Shapes.str(dst.shape())
                        + " but the source has " + Shapes.str(src.shape()));
            }
            assign(dst, src);
        }
    }

    /** dst ← src, same shape, where dst lives: an array copy or upload from a host source, else the backend's copy. */
    private static void assign(Tensor dst, Tensor src) {
        if (src.onHost()) dst.assign(src.size() == src.data().length ? src.data() : src.toArray());
        else Backends.current().copy(src, dst);
    }
}
