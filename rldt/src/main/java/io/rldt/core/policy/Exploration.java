package io.rldt.core.policy;

import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;

/**
 * Exploration of the trajectory-buffer methods (spec §5, the authors' {@code min_extrp}; RLDT and the QAM port):
 * each sampled chunk is perturbed by isotropic noise whose scale is the flow's remaining "curvature" at the end
 * of its chain,
 * <pre>
 *   a ← a + d·ξ,   d = ‖a − a†(x_i, t_i)‖,   i ∈ {K−2, K−1} uniformly,   ξ ~ N(0, I)
 * </pre>
 * so a straight flow explores little and a curved one more.
 */
public final class Exploration {
    private Exploration() {}

    /**
     * The perturbed final samples of {@code chain} [N, D] (a new tensor). Draws, per row in order, the depth and
     * then D normals from {@code rng}.
     */
    public static Tensor perturbedActions(Chain chain, Rng rng) {
        Tensor a = chain.actions();
        int n = chain.rows(), d = chain.dim(), k = chain.steps();
        float[] target = new float[d], x = a.data();
        for (int row = 0; row < n; row++) {
            int i = k >= 2 ? k - 2 + rng.nextInt(2) : 0;
            chain.expectedTargetRow(i, row, target, 0);
            double dist = 0;
            for (int j = 0; j < d; j++) {
                double diff = x[row * d + j] - target[j];
                dist += diff * diff;
            }
            dist = Math.sqrt(dist);
            for (int j = 0; j < d; j++) x[row * d + j] += (float) (dist * rng.nextGaussian());
        }
        return a;
    }

    /** Clips every row of {@code a} [N, D] into the box {@code [low, high]} (per column), in place. */
    public static void clip(Tensor a, float[] low, float[] high) {
        float[] x = a.data();
        int d = low.length;
        for (int i = 0; i < a.size(); i++) x[i] = Math.min(high[i % d], Math.max(low[i % d], x[i]));
    }
}
