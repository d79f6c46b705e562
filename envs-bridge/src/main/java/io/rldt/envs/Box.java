package io.rldt.envs;

import java.util.Arrays;

/**
 * A box space: a vector of {@code dim} reals, each in {@code [low[i], high[i]]} (bounds may be infinite).
 * Immutable; the accessors return copies so callers cannot change the bounds.
 */
public final class Box {
    private final double[] low;
    private final double[] high;

    /**
     * @param low  lower bounds, one per entry (copied); may be {@code -Infinity}
     * @param high upper bounds, one per entry (copied); may be {@code +Infinity}
     * @throws IllegalArgumentException when the lengths differ, a bound is NaN, or {@code low[i] > high[i]}
     */
    public Box(double[] low, double[] high) {
        if (low.length != high.length) {
            throw new IllegalArgumentException("Box: low has " + low.length + " entries but high has " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box: bound " + i + " is [" + low[i] + ", " + high[i]
                        + "], expected low <= high and no NaN");
            }
        }
        this.low = low.clone();
        this.high = high.clone();
    }

    /** A box with the same bounds {@code [low, high]} on each of {@code dim} entries. */
    public static Box uniform(int dim, double low, double high) {
        double[] lo = new double[dim];
        double[] hi = new double[dim];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi);
    }

    /** Number of entries. */
    public int dim() { return low.length; }
    /** A copy of the lower bounds. */
    public double[] low() { return low.clone(); }
    /** A copy of the upper bounds. */
    public double[] high() { return high.clone(); }
    /** The lower bound of entry {@code i}. */
    public double low(int i) { return low[i]; }
    /** The upper bound of entry {@code i}. */
    public double high(int i) { return high[i]; }

    /** True when {@code x} has this box's dimension, no NaN, and every entry lies within the bounds. */
    public boolean contains(double[] x) {
        if (x.length != low.length) return false;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || x[i] < low[i] || x[i] > high[i]) return false;
        }
        return true;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
    }
    @Override public int hashCode() { return 31 * Arrays.hashCode(low) + Arrays.hashCode(high); }
    @Override public String toString() {
        return "Box(dim=" + low.length + ", low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ")";
    }
}
