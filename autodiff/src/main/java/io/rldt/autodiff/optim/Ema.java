package io.rldt.autodiff.optim;

import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Module;
import java.util.Map;

/**
 * Target-network updates: the Polyak average {@code target ← m·target + (1 − m)·online} (momentum 0.995 in
 * the spec) and the hard copy. Both work in place on the target's tensors and allocate nothing.
 */
public final class Ema {
    private Ema() {}

    /** {@code target ← momentum·target + (1 − momentum)·online} for every parameter (matched by name). */
    public static void update(Module target, Module online, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("Ema: momentum " + momentum + " not in [0, 1]");
        Map<String, Var> t = target.namedParameters(), o = online.namedParameters();
        if (!t.keySet().equals(o.keySet())) {
            throw new IllegalArgumentException("Ema: parameter names differ: " + t.keySet() + " vs " + o.keySet());
        }
        float mt = (float) momentum, mo = (float) (1 - momentum);
        for (Map.Entry<String, Var> e : t.entrySet()) {
            float[] td = e.getValue().value().data(), od = o.get(e.getKey()).value().data();
            if (e.getValue().value().size() != o.get(e.getKey()).value().size()) {
                throw new IllegalArgumentException("Ema: " + e.getKey() + " sizes differ");
            }
            for (int i = 0, n = e.getValue().value().size(); i < n; i++) td[i] = mt * td[i] + mo * od[i];
        }
    }

    /** {@code target ← online} (the reference-policy refresh and target initialisation). */
    public static void hardCopy(Module target, Module online) {
        target.copyFrom(online);
    }
}
