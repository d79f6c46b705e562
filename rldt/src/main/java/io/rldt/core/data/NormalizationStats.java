package io.rldt.core.data;

/**
 * Min-max statistics of a demonstration dataset (DPPO's {@code normalization.npz}): observations and single
 * actions (not chunks) map to [-1, 1] with {@code 2·((x − min)/(max − min + 1e-6) − 0.5)}.
 * {@link #identity} leaves values unchanged (tasks trained in raw units, like the bandit).
 */
public record NormalizationStats(double[] obsMin, double[] obsMax, double[] actionMin, double[] actionMax,
                                 boolean enabled) {

    public static NormalizationStats identity(int obsDim, int actionDim) {
        return new NormalizationStats(new double[obsDim], new double[obsDim], new double[actionDim],
                new double[actionDim], false);
    }

    /** Statistics over rows of {@code obs [N][O]} and {@code actions [M][A]}. */
    public static NormalizationStats fit(double[][] obs, double[][] actions) {
        return new NormalizationStats(min(obs), max(obs), min(actions), max(actions), true);
    }

    private static double[] min(double[][] rows) {
        double[] m = rows[0].clone();
        for (double[] r : rows) for (int i = 0; i < m.length; i++) m[i] = Math.min(m[i], r[i]);
        return m;
    }

    private static double[] max(double[][] rows) {
        double[] m = rows[0].clone();
        for (double[] r : rows) for (int i = 0; i < m.length; i++) m[i] = Math.max(m[i], r[i]);
        return m;
    }

    /**
     * What makes these statistics unusable, or null: a NaN or infinite entry, a minimum above its maximum, or
     * with {@code strict} a minimum equal to its maximum (the map then sends every other value ~10⁶ out of
     * [-1, 1]). Fitted statistics may have equal ends on a constant feature; files from elsewhere should not.
     * The text names the array and the first bad index, e.g. {@code array 'obs_max': entry 2 is NaN}.
     */
    public String firstProblem(boolean strict) {
        String p = problem("obs", obsMin, obsMax, strict);
        return p != null ? p : problem("action", actionMin, actionMax, strict);
    }

    private static String problem(String what, double[] lo, double[] hi, boolean strict) {
        if (lo.length != hi.length) {
            return "arrays '" + what + "_min' and '" + what + "_max' have " + lo.length + " and " + hi.length + " entries";
        }
        for (int i = 0; i < lo.length; i++) {
            if (!Double.isFinite(lo[i])) return "array '" + what + "_min': entry " + i + " is " + lo[i] + ", expected a finite number";
            if (!Double.isFinite(hi[i])) return "array '" + what + "_max': entry " + i + " is " + hi[i] + ", expected a finite number";
            if (hi[i] < lo[i] || (strict && hi[i] == lo[i])) {
                return "array '" + what + "_max': entry " + i + " is " + hi[i] + ", expected " + (strict ? "above " : "at least ")
                        + what + "_min (" + lo[i] + ")";
            }
        }
        return null;
    }

    public double normalizeObs(int i, double x) {
        return enabled ? 2 * ((x - obsMin[i]) / (obsMax[i] - obsMin[i] + 1e-6) - 0.5) : x;
    }

    public double normalizeAction(int i, double x) {
        return enabled ? 2 * ((x - actionMin[i]) / (actionMax[i] - actionMin[i] + 1e-6) - 0.5) : x;
    }
}
