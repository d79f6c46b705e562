package io.rldt.autodiff.optim;

import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Module;
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import java.util.Map;

/**
 * Target-network updates: the Polyak average {@code target ← m·target + (1 − m)·online} (momentum 0.995 in
 * the spec) and the hard copy. Both work in place on the target's tensors and allocate nothing.
 */
public final class Ema {
    private Ema() {}

    /** {@code target ← momentum·target + (1 − momentum)·online} for every parameter (matched by name). */
    /** target ← m·target + (1 − m)·online, in place. */
    private static final HostKernel UPDATE = new HostKernel("ema_update", (target, in, a) -> { // in: online
        float[] td = target.data(), od = in[0].data();
        float mt = (float) a[0], mo = (float) a[1];
        for (int i = 0, n = target.size(); i < n; i++) td[i] = mt * td[i] + mo * od[i];
    });

    public static void update(Module target, Module online, double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("Ema: momentum " + momentum + " not in [0, 1]");
        Map<String, Var> t = target.namedParameters(), o = online.namedParameters();
        if (!t.keySet().equals(o.keySet())) {
            throw new IllegalArgumentException("Ema: parameter names differ: " + t.keySet() + " vs " + o.keySet());
        }
        float mt = (float) momentum, mo = (float) (1 - momentum);
        double[] args = {mt, mo};
        for (Map.Entry<String, Var> e : t.entrySet()) {
            if (e.getValue().value().size() != o.get(e.getKey()).value().size()) {
                throw new IllegalArgumentException("Ema: " + e.getKey() + " sizes differ");
            }
            Backends.current().kernel(UPDATE, args, e.getValue().value(), o.get(e.getKey()).value());
        }
    }

    /** {@code target ← online} (the reference-policy refresh and target initialisation). */
    public static void hardCopy(Module target, Module online) {
        target.copyFrom(online);
    }
}
