package io.rldt.kernels;

/**
 * Summary numbers of one {@link TransportField#compute} call, for metrics (e.g. {@code actor/svgd_bandwidth}).
 * Caller-owned and overwritten by each call, so a training step can reuse one instance without allocating.
 *
 * <p>Means are over all {@code B·P} queries, except {@link #meanAlpha()} which is over the {@code B} states.
 * For {@link SvgdOptions.Kernel#DELTA} the bandwidth, temperature and repulsion are reported as 0 and the
 * attraction norm is the mean {@code ‖∇_a Q(s, q_i)‖}. An empty batch reports zeros.
 */
public final class FieldStats {
    private double meanBandwidth;
    private double meanAlpha;
    private double meanAttractionNorm;
    private double meanRepulsionNorm;

    /** Mean bandwidth {@code h_i} (squared-distance units). */
    public double meanBandwidth() { return meanBandwidth; }

    /** Mean temperature {@code α(s)}. */
    public double meanAlpha() { return meanAlpha; }

    /** Mean norm of the attraction term {@code (1/P')·Σ_j k(q_i, a_j)·g_j}. */
    public double meanAttractionNorm() { return meanAttractionNorm; }

    /** Mean norm of the repulsion term {@code (1/P')·Σ_j α·k(q_i, a_j)·(q_i − a_j)/h_i}. */
    public double meanRepulsionNorm() { return meanRepulsionNorm; }

    /** Overwrites all four values; called by implementations at the end of a computation. */
    public void set(double meanBandwidth, double meanAlpha, double meanAttractionNorm, double meanRepulsionNorm) {
        this.meanBandwidth = meanBandwidth;
        this.meanAlpha = meanAlpha;
        this.meanAttractionNorm = meanAttractionNorm;
        this.meanRepulsionNorm = meanRepulsionNorm;
    }

    @Override
    public String toString() {
        return "FieldStats{h=" + meanBandwidth + ", alpha=" + meanAlpha + ", |attraction|=" + meanAttractionNorm
                + ", |repulsion|=" + meanRepulsionNorm + '}';
    }
}
