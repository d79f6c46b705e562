package io.rldt.core.policy;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.TimeEmbedding;
import io.rldt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Time features computed once per distinct time. A chain step or an actor loss batch holds at most K distinct
 * flow times over thousands of rows, so the time embedding (and its product with the first layer's time
 * columns) is evaluated on the distinct values and gathered; the gather is differentiable, so values and
 * gradients equal the per-row computation. Pretraining draws t continuously: there the plain path is taken.
 */
final class DistinctTimes {
    private DistinctTimes() {}

    /** timeEmb(t) [N, E], each distinct time embedded once. */
    static Var embed(TimeEmbedding time, Var t) {
        Distinct d = distinct(t);
        if (d == null) return time.forward(t);
        return F.indexSelect(time.forward(Var.constant(d.unique())), 0, d.index());
    }

    /**
     * timeEmb(t)·W_tᵀ [N, hidden], each distinct time embedded and multiplied once: a single time (a chain step)
     * comes back as one [hidden] row to broadcast, a few are gathered (differentiably).
     */
    static Var project(TimeEmbedding time, Var t, Var wt) {
        Distinct d = distinct(t);
        if (d == null) return F.linear(time.forward(t), wt, null);
        Var projected = F.linear(time.forward(Var.constant(d.unique())), wt, null);
        return d.unique().size() == 1 ? F.reshape(projected, -1) : F.indexSelect(projected, 0, d.index());
    }

    /** Row i's index into the distinct values of t, and those values [U, 1] in first-seen order. */
    record Distinct(int[] index, Tensor unique) {}

    /** The distinct times of t [N, 1], or null when not worth it (a gradient, few rows, mostly distinct values). */
    static Distinct distinct(Var t) {
        int n = t.dim(0);
        if (t.requiresGrad() || n < 8) return null;
        Map<Float, Integer> distinct = new LinkedHashMap<>();
        int[] index = new int[n];
        // On a device the N times come back as one announced download (they decide the shapes, so the host needs
        // them; a device port that knows t on the host, as the chain and the actor step do, can pass it instead).
        float[] td = t.value().onHost() ? t.value().data() : t.value().toArray();
        for (int i = 0; i < n; i++) {
            Integer id = distinct.get(td[i]);
            if (id == null) {
                if (distinct.size() * 4 >= n) return null; // mostly distinct: nothing to save
                id = distinct.size();
                distinct.put(td[i], id);
            }
            index[i] = id;
        }
        float[] unique = new float[distinct.size()];
        for (var e : distinct.entrySet()) unique[e.getValue()] = e.getKey();
        return new Distinct(index, Tensor.of(unique, unique.length, 1)); // where the backend computes
    }
}
