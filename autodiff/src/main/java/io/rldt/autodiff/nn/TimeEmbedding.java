package io.rldt.autodiff.nn;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Var;
import io.rldt.engine.Rng;

/**
 * The flow-time embedding of spec §1: sinusoidal embedding of width {@code sinWidth} (16), then
 * {@code Linear(16 → 32)}, Mish, {@code Linear(32 → 16)}. Parameters {@code fc1.*}, {@code fc2.*}.
 * Shapes: t:[B] or [B, 1] -> [B, out].
 */
public final class TimeEmbedding extends Module {
    private final int sinWidth;
    private final Linear fc1, fc2;

    /** The spec's sizes: 16 → 32 → 16. */
    public TimeEmbedding(Rng rng) {
        this(16, 32, 16, rng);
    }

    public TimeEmbedding(int sinWidth, int hidden, int out, Rng rng) {
        this.sinWidth = sinWidth;
        fc1 = child("fc1", new Linear(sinWidth, hidden, rng));
        fc2 = child("fc2", new Linear(hidden, out, rng));
    }

    public Var forward(Var t) {
        return fc2.forward(F.mish(fc1.forward(F.sinusoidalEmbedding(t, sinWidth))));
    }

    public int out() {
        return fc2.out();
    }
}
