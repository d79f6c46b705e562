package io.rldt.core.demo;

import io.rldt.core.data.Demonstrations;
import io.rldt.core.data.NormalizationStats;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.tasks.BimodalBandit;

/** Demonstrations of the bimodal bandit (spec §8): the two-Gaussian mixture at (±1, 0), σ = 0.3. */
public final class BanditDemonstrations {
    private BanditDemonstrations() {}

    /** {@code samples} one-step chunks; observations are the bandit's constant 1-dim zero. */
    public static Demonstrations sample(int samples, Rng rng) {
        Tensor obs = Tensor.zeros(samples, 1);
        Tensor chunks = Tensor.zeros(samples, BimodalBandit.ACTION_DIM);
        double[] a = new double[BimodalBandit.ACTION_DIM];
        for (int i = 0; i < samples; i++) {
            BimodalBandit.sampleDemonstration(rng.asSplittableRandom(), a);
            for (int j = 0; j < a.length; j++) chunks.data()[i * a.length + j] = (float) a[j];
        }
        return new Demonstrations(obs, chunks, 1, NormalizationStats.identity(1, BimodalBandit.ACTION_DIM));
    }
}
