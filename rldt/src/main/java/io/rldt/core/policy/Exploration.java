package io.rldt.core.policy;

import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
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
        // The draws do not depend on the chain, so they are made on the host in the order the rows use them.
        int[] depth = new int[n];
        double[] noise = new double[n * d]; // ξ, kept in double: the perturbation multiplies in double
        for (int row = 0; row < n; row++) {
            depth[row] = k >= 2 ? k - 2 + rng.nextInt(2) : 0;
            for (int j = 0; j < d; j++) noise[row * d + j] = rng.nextGaussian();
        }
        Backends.current().kernel(PERTURB, noise, a, chain.expectedTargetsAt(depth));
        return a;
    }

    /** a [N, D] in place: a_row += ‖a_row − a†_row‖·ξ_row; in: a† [N, D]; p = ξ [N·D]. */
    private static final HostKernel PERTURB = new HostKernel("exploration_perturb", (a, in, p) -> {
        float[] x = a.data(), target = in[0].data();
        int n = a.dim(0), d = a.dim(1);
        for (int row = 0; row < n; row++) {
            double dist = 0;
            for (int j = 0; j < d; j++) {
                double diff = x[row * d + j] - target[row * d + j];
                dist += diff * diff;
            }
            dist = Math.sqrt(dist);
            for (int j = 0; j < d; j++) x[row * d + j] += (float) (dist * p[row * d + j]);
        }
    });

    /** Clips every row of {@code a} [N, D] into the box {@code [low, high]} (per column), in place. */
    public static void clip(Tensor a, float[] low, float[] high) {
        int d = low.length;
        double[] p = new double[2 * d]; // {low_0..low_{D−1}, high_0..high_{D−1}}
        for (int j = 0; j < d; j++) {
            p[j] = low[j];
            p[d + j] = high[j];
        }
        Backends.current().kernel(CLIP, p, a);
    }

    private static final HostKernel CLIP = new HostKernel("clip_box", (a, in, p) -> {
        float[] x = a.data();
        int d = p.length / 2;
        for (int i = 0; i < a.size(); i++) x[i] = Math.min((float) p[d + i % d], Math.max((float) p[i % d], x[i]));
    });
}
