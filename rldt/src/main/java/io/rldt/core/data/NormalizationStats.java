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

    public double normalizeObs(int i, double x) {
        return enabled ? 2 * ((x - obsMin[i]) / (obsMax[i] - obsMin[i] + 1e-6) - 0.5) : x;
    }

    public double normalizeAction(int i, double x) {
        return enabled ? 2 * ((x - actionMin[i]) / (actionMax[i] - actionMin[i] + 1e-6) - 0.5) : x;
    }
}
