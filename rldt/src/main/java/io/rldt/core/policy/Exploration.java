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
        // The draws do not depend on the chain, so they are made on the host in the order the rows use them; the
        // kernel then perturbs the rows where the chain is. p = {depth_0..depth_{N−1}, ξ_0..ξ_{N·D−1}}.
        double[] p = new double[n + n * d];
        for (int row = 0; row < n; row++) {
            p[row] = k >= 2 ? k - 2 + rng.nextInt(2) : 0;
            for (int j = 0; j < d; j++) p[n + row * d + j] = rng.nextGaussian();
        }
        Backends.current().kernel(PERTURB, p, a, chain.states(), chain.velocities());
        return a;
    }

    /**
     * a [N, D] in place: a_row += ‖a_row − a†(x_i, t_i)‖·ξ_row at the row's depth i (in p), with
     * a† = x_i + (1 − i/K)·v_i; in: states [K+1, N, D], velocities [K, N, D].
     */
    private static final HostKernel PERTURB = new HostKernel("exploration_perturb", (a, in, p) -> {
        float[] x = a.data(), states = in[0].data(), velocities = in[1].data();
        int n = a.dim(0), d = a.dim(1), k = in[1].dim(0);
        for (int row = 0; row < n; row++) {
            int i = (int) p[row];
            float remaining = 1f - (float) i / k;
            int base = (i * n + row) * d;
            double dist = 0;
            for (int j = 0; j < d; j++) {
                float target = states[base + j] + remaining * velocities[base + j];
                double diff = x[row * d + j] - target;
                dist += diff * diff;
            }
            dist = Math.sqrt(dist);
            for (int j = 0; j < d; j++) x[row * d + j] += (float) (dist * p[n + row * d + j]);
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
