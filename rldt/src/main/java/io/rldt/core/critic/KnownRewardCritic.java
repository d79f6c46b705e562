package io.rldt.core.critic;

import io.rldt.engine.Tensor;

/**
 * An exact critic for tasks whose Q is known in closed form (the bimodal bandit: Q = r). Used by unit tests
 * to check the transport and actor update in isolation from critic learning (spec §8).
 */
public final class KnownRewardCritic implements Critic {

    /** ∇ₐQ for one row: reads {@code obs}, {@code act} ([D]) and writes {@code out} ([D]). */
    @FunctionalInterface
    public interface Gradient {
        void at(float[] obs, float[] act, float[] out);
    }

    private final Gradient gradient;

    public KnownRewardCritic(Gradient gradient) {
        this.gradient = gradient;
    }

    @Override
    public Tensor actionGradient(Tensor obs, Tensor act) {
        int n = act.dim(0), d = act.dim(1), o = obs.dim(1);
        Tensor out = Tensor.zeros(n, d);
        float[] s = new float[o], a = new float[d], g = new float[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(obs.data(), i * o, s, 0, o);
            System.arraycopy(act.data(), i * d, a, 0, d);
            gradient.at(s, a, g);
            System.arraycopy(g, 0, out.data(), i * d, d);
        }
        return out;
    }
}
