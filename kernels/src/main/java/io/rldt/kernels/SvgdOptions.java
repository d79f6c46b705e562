package io.rldt.kernels;

/**
 * Immutable settings of the SVGD transport field (spec §2), validated on construction.
 *
 * <p>Defaults ({@link #defaults()}) are the paper's: RBF kernel, per-query median bandwidth floored at
 * 1e-8, adaptive temperature {@code α = 0.001 · (1/P')·Σ_j ‖g_j‖} clamped to {@code [0, 1e5]}.
 *
 * @param kernel           {@link Kernel#RBF} (attraction plus repulsion) or {@link Kernel#DELTA} (the ablation
 *                         {@code φ(q_i) = ∇_a Q(s, q_i)}, no repulsion).
 * @param bandwidth        fixed bandwidth {@code h} (squared-distance units, {@code > 0}) used for every query;
 *                         {@code NaN} selects the per-query median heuristic. Not floored.
 * @param temperatureScale the factor in {@code α = scale · mean_j ‖g_j‖} (default 0.001, {@code >= 0}); ignored
 *                         when {@code fixedTemperature} is set.
 * @param fixedTemperature a fixed {@code α >= 0} used as given (not clamped); {@code NaN} selects the adaptive rule.
 * @param maxTemperature   the upper clamp of the adaptive {@code α} (default 1e5, {@code >= 0}).
 * @param bandwidthFloor   lower bound of the median-heuristic bandwidth (default 1e-8, {@code > 0}); keeps the
 *                         kernel finite when all particles coincide.
 */
public record SvgdOptions(Kernel kernel, double bandwidth, double temperatureScale, double fixedTemperature,
                          double maxTemperature, double bandwidthFloor) {

    /** The kernel of the field. */
    public enum Kernel {
        /** Gaussian kernel {@code k(q, a) = exp(−‖q − a‖² / (2h))}: attraction along ∇Q plus repulsion. */
        RBF,
        /** No kernel: the field is the critic gradient at the query itself (ablation; the spread collapses). */
        DELTA
    }

    public static final double DEFAULT_TEMPERATURE_SCALE = 1e-3;
    public static final double DEFAULT_MAX_TEMPERATURE = 1e5;
    public static final double DEFAULT_BANDWIDTH_FLOOR = 1e-8;

    public SvgdOptions {
        if (kernel == null) throw new IllegalArgumentException("SvgdOptions.kernel is null: expected RBF or DELTA");
        if (!Double.isNaN(bandwidth) && !(Double.isFinite(bandwidth) && bandwidth > 0)) {
            throw invalid("bandwidth", bandwidth, "NaN (median heuristic) or a finite value > 0");
        }
        if (!(Double.isFinite(temperatureScale) && temperatureScale >= 0)) {
            throw invalid("temperatureScale", temperatureScale, "a finite value >= 0");
        }
        if (!Double.isNaN(fixedTemperature) && !(Double.isFinite(fixedTemperature) && fixedTemperature >= 0)) {
            throw invalid("fixedTemperature", fixedTemperature, "NaN (adaptive temperature) or a finite value >= 0");
        }
        if (!(maxTemperature >= 0)) { // also rejects NaN; +Infinity means "no upper clamp"
            throw invalid("maxTemperature", maxTemperature, "a value >= 0");
        }
        if (!(Double.isFinite(bandwidthFloor) && bandwidthFloor > 0)) {
            throw invalid("bandwidthFloor", bandwidthFloor, "a finite value > 0");
        }
    }

    private static IllegalArgumentException invalid(String field, double value, String expected) {
        return new IllegalArgumentException("SvgdOptions." + field + " = " + value + ": expected " + expected);
    }

    /** The paper's settings: RBF, median bandwidth, {@code α = clamp(0.001·mean‖g‖, 0, 1e5)}, floor 1e-8. */
    public static SvgdOptions defaults() {
        return new SvgdOptions(Kernel.RBF, Double.NaN, DEFAULT_TEMPERATURE_SCALE, Double.NaN,
                DEFAULT_MAX_TEMPERATURE, DEFAULT_BANDWIDTH_FLOOR);
    }

    public SvgdOptions withKernel(Kernel k) {
        return new SvgdOptions(k, bandwidth, temperatureScale, fixedTemperature, maxTemperature, bandwidthFloor);
    }

    /** A fixed bandwidth; {@code NaN} restores the median heuristic. */
    public SvgdOptions withBandwidth(double h) {
        return new SvgdOptions(kernel, h, temperatureScale, fixedTemperature, maxTemperature, bandwidthFloor);
    }

    /** The scale of the adaptive temperature (clears a fixed temperature). */
    public SvgdOptions withTemperatureScale(double scale) {
        return new SvgdOptions(kernel, bandwidth, scale, Double.NaN, maxTemperature, bandwidthFloor);
    }

    /** A fixed temperature {@code α}; {@code NaN} restores the adaptive rule. */
    public SvgdOptions withFixedTemperature(double alpha) {
        return new SvgdOptions(kernel, bandwidth, temperatureScale, alpha, maxTemperature, bandwidthFloor);
    }

    public SvgdOptions withMaxTemperature(double max) {
        return new SvgdOptions(kernel, bandwidth, temperatureScale, fixedTemperature, max, bandwidthFloor);
    }

    public SvgdOptions withBandwidthFloor(double floor) {
        return new SvgdOptions(kernel, bandwidth, temperatureScale, fixedTemperature, maxTemperature, floor);
    }

    /** True when every query uses {@link #bandwidth()} instead of the median heuristic. */
    public boolean hasFixedBandwidth() {
        return !Double.isNaN(bandwidth);
    }

    /** True when {@link #fixedTemperature()} replaces the adaptive rule. */
    public boolean hasFixedTemperature() {
        return !Double.isNaN(fixedTemperature);
    }

    /**
     * The temperature of one state: the fixed value if set, else {@code clamp(scale · meanGradNorm, 0, max)}.
     *
     * @param meanGradNorm {@code (1/P')·Σ_j ‖g_j‖} over the state's centres
     */
    public double temperature(double meanGradNorm) {
        if (hasFixedTemperature()) return fixedTemperature;
        double alpha = temperatureScale * meanGradNorm;
        // Clamp as the authors' code does; NaN gradients propagate (Math.min/max keep NaN) rather than hide.
        return Math.min(Math.max(alpha, 0.0), maxTemperature);
    }

    /** The median-heuristic bandwidth for a lower-median squared distance among {@code pc} centres. */
    public double medianBandwidth(double lowerMedianSqDist, int pc) {
        // log(P'+1) rather than log(P'): the +1 keeps h > 0 when P' = 1 (spec §2.4).
        return Math.max(lowerMedianSqDist / (2.0 * Math.log(pc + 1.0)), bandwidthFloor);
    }
}
