package io.rldt.envs.wrappers;

import java.util.Objects;

/**
 * Per-dimension min-max scaling to {@code [-1, 1]}, with DPPO's formulas so that checkpoints and datasets
 * normalised there mean the same here.
 *
 * <pre>
 *   normalize:   y = 2·((x − min) / (max − min + 1e-6) − 0.5)
 *   unnormalize: x = (y + 1)/2 · (max − min) + min
 * </pre>
 * The {@value #EPS} in {@link #normalize} protects dimensions where {@code min == max} (a constant feature);
 * such a dimension maps to −1 at x = min. The two maps are inverse up to that epsilon (relative error about
 * {@code 1e-6 / (max − min)}), which is DPPO's behaviour. Immutable; thread-safe.
 */
public final class MinMaxNormalizer {
    /** Added to {@code max − min} when normalising, DPPO's guard against division by zero. */
    public static final double EPS = 1e-6;

    private final double[] min;
    private final double[] max;

    /**
     * @param min per-dimension minimum (copied)
     * @param max per-dimension maximum (copied); {@code max[i] >= min[i]}, all finite
     */
    public MinMaxNormalizer(double[] min, double[] max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.length != max.length) {
            throw new IllegalArgumentException("MinMaxNormalizer: min has length " + min.length
                    + " but max has length " + max.length + ", expected equal");
        }
        for (int i = 0; i < min.length; i++) {
            if (!Double.isFinite(min[i]) || !Double.isFinite(max[i]) || max[i] < min[i]) {
                throw new IllegalArgumentException("MinMaxNormalizer: [min, max][" + i + "] is [" + min[i] + ", "
                        + max[i] + "], expected finite with min <= max");
            }
        }
        this.min = min.clone();
        this.max = max.clone();
    }

    /** Number of dimensions. */
    public int dim() { return min.length; }

    /** A copy of the minima. */
    public double[] min() { return min.clone(); }

    /** A copy of the maxima. */
    public double[] max() { return max.clone(); }

    /** Maps raw {@code x:[dim]} into {@code out:[dim]} (may alias x) and returns out. */
    public double[] normalize(double[] x, double[] out) {
        check("x", x);
        check("out", out);
        for (int i = 0; i < min.length; i++) out[i] = normalize(i, x[i]);
        return out;
    }

    /** Maps normalised {@code y:[dim]} back to raw values in {@code out:[dim]} (may alias y) and returns out. */
    public double[] unnormalize(double[] y, double[] out) {
        check("y", y);
        check("out", out);
        for (int i = 0; i < min.length; i++) out[i] = unnormalize(i, y[i]);
        return out;
    }

    /** The normalised value of raw {@code x} in dimension {@code i}. */
    public double normalize(int i, double x) { return 2 * ((x - min[i]) / (max[i] - min[i] + EPS) - 0.5); }

    /** The raw value of normalised {@code y} in dimension {@code i}. */
    public double unnormalize(int i, double y) { return (y + 1) / 2 * (max[i] - min[i]) + min[i]; }

    private void check(String name, double[] a) {
        if (a == null || a.length != min.length) {
            throw new IllegalArgumentException("MinMaxNormalizer: " + name + " has length "
                    + (a == null ? "null" : a.length) + ", expected " + min.length);
        }
    }
}
