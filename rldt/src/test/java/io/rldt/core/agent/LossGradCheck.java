package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Module;
import io.rldt.engine.Rng;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A whole agent loss's gradient against a central difference, taken in double from float32 forwards (the
 * networks are float32 only, so the step is large and the tolerance loose; the op-level checks in
 * {@code autodiff}'s GradCheck are the exact double-precision ones). Every parameter tensor is probed at a few
 * seeded entries.
 */
final class LossGradCheck {
    private LossGradCheck() {}

    static void check(Collection<Module> modules, Supplier<Var> loss, double step, double relTol) {
        check(modules, loss, step, relTol, java.util.Set.of());
    }

    /**
     * As {@link #check(Collection, Supplier, double, double)}, not probing {@code skip}: parameters that also reach
     * the loss through a stop-gradient (sg[·]), where the central difference sees a path backward must not.
     */
    static void check(Collection<Module> modules, Supplier<Var> loss, double step, double relTol, java.util.Set<Var> skip) {
        for (Module m : modules) m.zeroGrad();
        try (Tape tape = Tape.record()) {
            tape.backward(loss.get());
        }
        Rng rng = new Rng(17);
        int probed = 0, nonzero = 0;
        for (Module m : modules) {
            for (var e : m.namedParameters().entrySet()) {
                Var p = e.getValue();
                if (p.grad() == null || skip.contains(p)) continue; // frozen here, or seen through an sg[·] as well
                float[] w = p.value().data(), g = p.grad().data();
                for (int probe = 0; probe < 3; probe++) {
                    int i = rng.nextInt(w.length);
                    float keep = w[i];
                    w[i] = (float) (keep + step);
                    double up = value(loss);
                    w[i] = (float) (keep - step);
                    double down = value(loss);
                    w[i] = keep;
                    double fd = (up - down) / (2 * step);
                    probed++;
                    if (Math.abs(fd) > 1e-3) nonzero++;
                    assertTrue(Math.abs(g[i] - fd) <= relTol * Math.max(Math.abs(fd), Math.abs(g[i])) + 2e-3,
                            e.getKey() + "[" + i + "]: backward " + g[i] + " vs central difference " + fd);
                }
            }
        }
        assertTrue(nonzero > probed / 4, "too few non-zero gradients probed (" + nonzero + " of " + probed + ")");
    }

    private static double value(Supplier<Var> loss) {
        try (var ignored = Tape.noGrad()) {
            return loss.get().item();
        }
    }
}
