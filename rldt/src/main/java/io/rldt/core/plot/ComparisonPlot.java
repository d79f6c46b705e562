package io.rldt.core.plot;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares methods over seeds: runs are grouped by method, each group is put on a common x grid, and the
 * figure shows per method the mean over seeds and a band ({@link Band#STANDARD_ERROR mean ± standard error}
 * or {@link Band#MIN_MAX min-max}), one colour per method.
 *
 * <pre>{@code
 * List<ComparisonPlot.Run> runs = new ArrayList<>();
 * runs.addAll(ComparisonPlot.loadCsvs("RLDT", rldtCsvs, "iteration", "eval_return"));
 * runs.addAll(ComparisonPlot.loadCsvs("DPPO", dppoCsvs, "iteration", "eval_return"));
 * new ComparisonPlot("Hopper", "iteration", "eval return").addAll(runs).write(png, 1000, 600);
 * }</pre>
 *
 * <h2>Common grid</h2>
 * {@link Grid#INTERPOLATE} (default): the grid is every x value of every run of the method that lies in the
 * range covered by all of them ([max of the first x, min of the last x]), and each run is linearly
 * interpolated onto it, so runs logged at different steps still average. {@link Grid#SHARED}: the grid is the
 * x values present in every run, no interpolation. Before either, each run is sorted by x, and for a repeated
 * x (a resumed run re-logging an iteration) the last row wins. Methods are aggregated independently.
 * Not thread-safe.
 */
public final class ComparisonPlot {
    static {
        PlotIo.headless();
    }

    /**
     * One run (one seed) of one method.
     *
     * @param method the method (group) name
     * @param label  the run's own label, e.g. the seed or the file name (not drawn)
     * @param x      x values
     * @param y      y values, same length
     */
    public record Run(String method, String label, double[] x, double[] y) {
        /** @throws IllegalArgumentException naming the run and the lengths when x and y differ in length */
        public Run {
            Objects.requireNonNull(method, "method");
            label = Objects.requireNonNullElse(label, "");
            if (x == null || y == null) throw new IllegalArgumentException("run '" + method + "/" + label + "': x and y are required");
            if (x.length != y.length) {
                throw new IllegalArgumentException("run '" + method + "/" + label + "': x has " + x.length
                        + " values but y has " + y.length);
            }
        }
    }

    /** What the shaded band around each method's mean shows. */
    public enum Band {
        /** mean ± standard error of the mean (sample std / √n; zero width for a single run). */
        STANDARD_ERROR,
        /** the minimum and maximum over runs. */
        MIN_MAX,
        /** no band. */
        NONE
    }

    /** How runs of one method are put on a common x grid. */
    public enum Grid {
        /** Linear interpolation onto the union of x values inside the range every run covers. */
        INTERPOLATE,
        /** Only the x values present in every run. */
        SHARED
    }

    /**
     * A method's aggregate on its common grid.
     *
     * @param method the method
     * @param x      common grid, increasing
     * @param mean   mean over runs at each grid point
     * @param lower  lower band edge (equal to {@code mean} for {@link Band#NONE})
     * @param upper  upper band edge (equal to {@code mean} for {@link Band#NONE})
     * @param runs   number of runs aggregated
     */
    public record Aggregate(String method, double[] x, double[] mean, double[] lower, double[] upper, int runs) {}

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Run> runs = new ArrayList<>();
    private Band band = Band.STANDARD_ERROR;
    private Grid grid = Grid.INTERPOLATE;

    /**
     * @param title  figure title (may be empty)
     * @param xTitle x axis title
     * @param yTitle y axis title
     */
    public ComparisonPlot(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /** Chooses the band (default {@link Band#STANDARD_ERROR}). */
    public ComparisonPlot band(Band band) {
        this.band = Objects.requireNonNull(band);
        return this;
    }

    /** Chooses the common-grid rule (default {@link Grid#INTERPOLATE}). */
    public ComparisonPlot grid(Grid grid) {
        this.grid = Objects.requireNonNull(grid);
        return this;
    }

    /** Adds one run. */
    public ComparisonPlot add(Run run) {
        runs.add(Objects.requireNonNull(run));
        return this;
    }

    /** Adds runs. */
    public ComparisonPlot addAll(List<Run> more) {
        for (Run r : more) add(r);
        return this;
    }

    /** The per-method aggregates this plot draws, methods in order of first appearance. */
    public List<Aggregate> aggregates() {
        return aggregate(runs, band, grid);
    }

    /** The figure as a {@link LearningCurvePlot}, one series per method (legend: "method (n=k)"). */
    public LearningCurvePlot toLearningCurvePlot() {
        LearningCurvePlot p = new LearningCurvePlot(title, xTitle, yTitle);
        for (Aggregate a : aggregates()) {
            String name = a.method() + " (n=" + a.runs() + ")";
            p.add(band == Band.NONE ? LearningCurvePlot.Series.of(name, a.x(), a.mean())
                    : new LearningCurvePlot.Series(name, a.x(), a.mean(), a.lower(), a.upper()));
        }
        return p;
    }

    /** Renders the figure. */
    public BufferedImage render(int width, int height) {
        return toLearningCurvePlot().render(width, height);
    }

    /**
     * Renders and writes the figure as PNG atomically.
     *
     * @throws IllegalStateException    if there are no runs
     * @throws IllegalArgumentException if some method's runs share no x range
     */
    public void write(Path png, int width, int height) {
        if (runs.isEmpty()) throw new IllegalStateException("no runs to plot");
        toLearningCurvePlot().write(png, width, height);
    }

    // ---------------------------------------------------------------- aggregation

    /** Groups {@code runs} by method (in order of first appearance) and aggregates each group. */
    public static List<Aggregate> aggregate(List<Run> runs, Band band, Grid grid) {
        Map<String, List<Run>> byMethod = new LinkedHashMap<>();
        for (Run r : runs) byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
        List<Aggregate> out = new ArrayList<>();
        for (var e : byMethod.entrySet()) out.add(aggregate(e.getKey(), e.getValue(), band, grid));
        return out;
    }

    /**
     * Aggregates the runs of one method: mean and band at each point of the common grid.
     *
     * @throws IllegalArgumentException if there are no runs, a run has no finite point, or the runs have no
     *                                  common x
     */
    public static Aggregate aggregate(String method, List<Run> runs, Band band, Grid grid) {
        if (runs.isEmpty()) throw new IllegalArgumentException("method '" + method + "' has no runs");
        List<double[][]> clean = new ArrayList<>();
        for (Run r : runs) {
            double[][] c = sortedUnique(r);
            if (c[0].length == 0) {
                throw new IllegalArgumentException("run '" + r.method() + "/" + r.label() + "' has no finite points");
            }
            clean.add(c);
        }
        double[] xs = grid == Grid.SHARED ? sharedGrid(clean) : unionGrid(clean);
        if (xs.length == 0) {
            throw new IllegalArgumentException("runs of method '" + method + "' have no common x"
                    + (grid == Grid.SHARED ? " value (try Grid.INTERPOLATE)" : " range"));
        }
        int n = clean.size();
        double[][] vals = new double[n][];
        for (int k = 0; k < n; k++) vals[k] = interpolate(clean.get(k)[0], clean.get(k)[1], xs);
        double[] mean = new double[xs.length];
        double[] lo = new double[xs.length];
        double[] hi = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] v : vals) {
                sum += v[i];
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
            }
            double m = sum / n;
            mean[i] = m;
            switch (band) {
                case MIN_MAX -> {
                    lo[i] = min;
                    hi[i] = max;
                }
                case STANDARD_ERROR -> {
                    double se = 0;
                    if (n > 1) {
                        double ss = 0;
                        for (double[] v : vals) ss += (v[i] - m) * (v[i] - m);
                        se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
                    }
                    lo[i] = m - se;
                    hi[i] = m + se;
                }
                case NONE -> {
                    lo[i] = m;
                    hi[i] = m;
                }
            }
        }
        return new Aggregate(method, xs, mean, lo, hi, n);
    }

    /** Finite points of a run sorted by x; for repeated x the last row wins. */
    private static double[][] sortedUnique(Run r) {
        TreeMap<Double, Double> m = new TreeMap<>();
        for (int i = 0; i < r.x().length; i++) {
            if (Double.isFinite(r.x()[i]) && Double.isFinite(r.y()[i])) m.put(r.x()[i], r.y()[i]);
        }
        double[] x = new double[m.size()];
        double[] y = new double[m.size()];
        int i = 0;
        for (var e : m.entrySet()) {
            x[i] = e.getKey();
            y[i++] = e.getValue();
        }
        return new double[][] {x, y};
    }

    private static double[] unionGrid(List<double[][]> runs) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (double[][] r : runs) {
            lo = Math.max(lo, r[0][0]);
            hi = Math.min(hi, r[0][r[0].length - 1]);
        }
        TreeSet<Double> g = new TreeSet<>();
        for (double[][] r : runs) for (double x : r[0]) if (x >= lo && x <= hi) g.add(x);
        return g.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] sharedGrid(List<double[][]> runs) {
        double[] g = runs.getFirst()[0];
        for (double[][] r : runs.subList(1, runs.size())) {
            double[] other = r[0];
            g = Arrays.stream(g).filter(x -> Arrays.binarySearch(other, x) >= 0).toArray();
        }
        return g;
    }

    /** Linear interpolation of (xs, ys) (xs increasing) at each of {@code at} (inside [xs[0], xs[last]]). */
    static double[] interpolate(double[] xs, double[] ys, double[] at) {
        double[] out = new double[at.length];
        int j = 0;
        for (int i = 0; i < at.length; i++) {
            double a = at[i];
            while (j < xs.length - 1 && xs[j + 1] < a) j++;
            if (xs[j] == a || j == xs.length - 1) {
                out[i] = ys[j];
            } else if (xs[j + 1] == a) {
                out[i] = ys[j + 1];
            } else {
                double t = (a - xs[j]) / (xs[j + 1] - xs[j]);
                out[i] = ys[j] + t * (ys[j + 1] - ys[j]);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- CSV

    /**
     * Loads one run from a metrics CSV (as written by {@code io.rldt.core.metrics.CsvSink}: header
     * {@code iteration,<other columns>}, one row per iteration). Rows whose x or y cell is empty, {@code NaN}
     * or missing are skipped; blank lines are ignored. The run's label is the file name.
     *
     * @param csv     the file
     * @param method  method name for the run
     * @param xColumn name of the x column, e.g. {@code "iteration"} or {@code "env_steps"}
     * @param yColumn name of the y column, e.g. {@code "eval_return"}
     * @throws IllegalArgumentException if a column is absent (the message lists the columns there are) or a
     *                                  non-empty cell is not a number (the message gives file and line)
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static Run loadCsv(Path csv, String method, String xColumn, String yColumn) {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) throw new IllegalArgumentException(csv + ": empty file, no header");
            if (header.startsWith("\uFEFF")) header = header.substring(1);
            List<String> cols = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
            int xi = cols.indexOf(xColumn);
            int yi = cols.indexOf(yColumn);
            if (xi < 0 || yi < 0) {
                throw new IllegalArgumentException(csv + ": no column '" + (xi < 0 ? xColumn : yColumn)
                        + "'; columns are " + cols);
            }
            double[] xs = new double[64];
            double[] ys = new double[64];
            int n = 0;
            int lineNo = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] cells = line.split(",", -1);
                double x = cell(cells, xi, csv, lineNo, xColumn);
                double y = cell(cells, yi, csv, lineNo, yColumn);
                if (Double.isNaN(x) || Double.isNaN(y)) continue;
                if (n == xs.length) {
                    xs = Arrays.copyOf(xs, 2 * n);
                    ys = Arrays.copyOf(ys, 2 * n);
                }
                xs[n] = x;
                ys[n++] = y;
            }
            return new Run(method, String.valueOf(csv.getFileName()), Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics CSV " + csv, e);
        }
    }

    /** {@link #loadCsv} for each file, all under one method. */
    public static List<Run> loadCsvs(String method, List<Path> csvs, String xColumn, String yColumn) {
        List<Run> out = new ArrayList<>();
        for (Path p : csvs) out.add(loadCsv(p, method, xColumn, yColumn));
        return out;
    }

    /** NaN for an empty/missing/NaN cell; the number otherwise. */
    private static double cell(String[] cells, int i, Path csv, int lineNo, String column) {
        if (i >= cells.length) return Double.NaN;
        String s = cells[i].strip();
        if (s.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(csv + ":" + lineNo + ": column '" + column + "' is not a number: '"
                    + s + "'");
        }
    }
}
