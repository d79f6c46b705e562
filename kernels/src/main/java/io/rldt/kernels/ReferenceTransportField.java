package io.rldt.kernels;

import io.rldt.engine.Tensor;

import java.util.Arrays;

/**
 * The specification of the transport field: the formulas of {@link TransportField} as plain loops, every sum
 * accumulated in double, one state and one query at a time. Slow and allocating by design; every faster
 * implementation is tested against it. Stateless and thread-safe.
 */
public final class ReferenceTransportField implements TransportField {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void compute(Tensor queries, Tensor centres, Tensor gradients, SvgdOptions opts, Tensor phiOut,
                        FieldStats statsOut) {
        FieldArgs.check(queries, centres, gradients, opts, phiOut);
        if (opts.kernel() == SvgdOptions.Kernel.DELTA) {
            delta(gradients, phiOut, statsOut);
            return;
        }
        int nb = queries.dim(0), np = queries.dim(1), npc = centres.dim(1), nd = queries.dim(2);
        float[] q = queries.data(), a = centres.data(), g = gradients.data(), phi = phiOut.data();
        double sumH = 0, sumAlpha = 0, sumAttraction = 0, sumRepulsion = 0;
        for (int b = 0; b < nb; b++) {
            int qBase = b * np * nd;  // queries [B, P, D]
            int aBase = b * npc * nd; // centres and gradients [B, P', D]

            // α(s) = clamp(0.001 · (1/P')·Σ_j ‖g_j‖, 0, 1e5): repulsion scaled to the size of ∇Q.
            double gradNormSum = 0;
            for (int j = 0; j < npc; j++) gradNormSum += Math.sqrt(squaredNorm(g, aBase + j * nd, nd));
            double alpha = opts.temperature(gradNormSum / npc);
            sumAlpha += alpha;

            for (int i = 0; i < np; i++) {
                int qi = qBase + i * nd;
                double[] sqDist = new double[npc];
                for (int j = 0; j < npc; j++) sqDist[j] = squaredDistance(q, qi, a, aBase + j * nd, nd);
                double h = opts.hasFixedBandwidth() ? opts.bandwidth() : opts.medianBandwidth(lowerMedian(sqDist), npc);

                double[] attraction = new double[nd];
                double[] repulsion = new double[nd];
                for (int j = 0; j < npc; j++) {
                    int aj = aBase + j * nd;
                    double k = Math.exp(-sqDist[j] / (2 * h));
                    for (int d = 0; d < nd; d++) {
                        attraction[d] += k * g[aj + d];
                        // α·k·(q_i − a_j)/h = α·∂k(a_j, q_i)/∂a_j: pushes q_i away from a_j.
                        repulsion[d] += alpha * k * ((double) q[qi + d] - a[aj + d]) / h;
                    }
                }
                double attractionSq = 0, repulsionSq = 0;
                for (int d = 0; d < nd; d++) {
                    attraction[d] /= npc;
                    repulsion[d] /= npc;
                    phi[qi + d] = (float) (attraction[d] + repulsion[d]);
                    attractionSq += attraction[d] * attraction[d];
                    repulsionSq += repulsion[d] * repulsion[d];
                }
                sumH += h;
                sumAttraction += Math.sqrt(attractionSq);
                sumRepulsion += Math.sqrt(repulsionSq);
            }
        }
        if (statsOut != null) {
            int queriesTotal = nb * np;
            statsOut.set(mean(sumH, queriesTotal), mean(sumAlpha, nb), mean(sumAttraction, queriesTotal),
                    mean(sumRepulsion, queriesTotal));
        }
    }

    /** DELTA: {@code φ(q_i) = ∇_a Q(s, q_i)}, which the caller passed as {@code gradients [B, P, D]}. */
    static void delta(Tensor gradients, Tensor phiOut, FieldStats statsOut) {
        float[] g = gradients.data();
        System.arraycopy(g, 0, phiOut.data(), 0, gradients.size());
        if (statsOut != null) {
            int nq = gradients.dim(0) * gradients.dim(1), nd = gradients.dim(2);
            double sum = 0;
            for (int i = 0; i < nq; i++) sum += Math.sqrt(squaredNorm(g, i * nd, nd));
            statsOut.set(0, 0, mean(sum, nq), 0);
        }
    }

    /** The lower median: the element at index {@code (n − 1)/2} of the sorted values. */
    static double lowerMedian(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    private static double squaredDistance(float[] x, int xOff, float[] y, int yOff, int n) {
        double s = 0;
        for (int d = 0; d < n; d++) {
            double diff = (double) x[xOff + d] - y[yOff + d];
            s += diff * diff;
        }
        return s;
    }

    private static double squaredNorm(float[] x, int off, int n) {
        double s = 0;
        for (int d = 0; d < n; d++) s += (double) x[off + d] * x[off + d];
        return s;
    }

    private static double mean(double sum, int count) {
        return count == 0 ? 0 : sum / count;
    }
}
