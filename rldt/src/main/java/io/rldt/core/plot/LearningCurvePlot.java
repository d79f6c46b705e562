package io.rldt.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG of one or more named curves (x = iteration or environment steps, y = return), each optionally with a
 * shaded band (mean ± std, min/max, a confidence interval: whatever {@link Series#lower()} and
 * {@link Series#upper()} hold), with title, axis titles and a legend below the plot.
 *
 * <pre>{@code
 * new LearningCurvePlot("Hopper", "env steps", "return")
 *         .add(LearningCurvePlot.Series.withStd("RLDT", steps, mean, std))
 *         .add(LearningCurvePlot.Series.of("BC", steps, bc))
 *         .write(Path.of("out/hopper.png"), 1000, 600);
 * }</pre>
 *
 * Non-finite points are dropped when drawing (a NaN return leaves a gap in the data, not a broken chart).
 * Not thread-safe.
 */
public final class LearningCurvePlot {
    static {
        PlotIo.headless();
    }

    /**
     * One named curve with an optional band.
     *
     * @param name  legend label, unique within a plot
     * @param x     x values (need not be sorted; drawn in the given order)
     * @param y     y values, same length as {@code x}
     * @param lower lower edge of the shaded band, or {@code null} for no band
     * @param upper upper edge of the shaded band, or {@code null} for no band (both or neither)
     */
    public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {
        /**
         * Checks the shape.
         *
         * @throws IllegalArgumentException naming the series and the lengths when arrays disagree in length,
         *                                  the series is empty, or only one of {@code lower}/{@code upper} is
         *                                  given
         */
        public Series {
            Objects.requireNonNull(name, "series name");
            if (x == null || y == null) throw new IllegalArgumentException("series '" + name + "': x and y are required");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': x has " + x.length
                        + " values but y has " + y.length);
            }
            if (x.length == 0) throw new IllegalArgumentException("series '" + name + "' is empty");
            if ((lower == null) != (upper == null)) {
                throw new IllegalArgumentException("series '" + name + "': give both lower and upper band, or neither");
            }
            if (lower != null && (lower.length != x.length || upper.length != x.length)) {
                throw new IllegalArgumentException("series '" + name + "': x has " + x.length
                        + " values but lower has " + lower.length + " and upper has " + upper.length);
            }
        }

        /** A curve without band. */
        public static Series of(String name, double[] x, double[] y) {
            return new Series(name, x, y, null, null);
        }

        /** A curve {@code mean} with the band {@code mean ± std}. */
        public static Series withStd(String name, double[] x, double[] mean, double[] std) {
            if (mean != null && std != null && mean.length != std.length) {
                throw new IllegalArgumentException("series '" + name + "': mean has " + mean.length
                        + " values but std has " + std.length);
            }
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(std, "std");
            double[] lo = new double[mean.length];
            double[] hi = new double[mean.length];
            for (int i = 0; i < mean.length; i++) {
                lo[i] = mean[i] - std[i];
                hi[i] = mean[i] + std[i];
            }
            return new Series(name, x, mean, lo, hi);
        }

        /** Whether this series has a band. */
        public boolean hasBand() {
            return lower != null;
        }
    }

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Series> series = new ArrayList<>();
    private final List<Color> colors = new ArrayList<>();

    /**
     * @param title  figure title (may be empty)
     * @param xTitle x axis title, e.g. "iteration" or "env steps"
     * @param yTitle y axis title, e.g. "return"
     */
    public LearningCurvePlot(String title, String xTitle, String yTitle) {
        this.title = Objects.requireNonNullElse(title, "");
        this.xTitle = Objects.requireNonNullElse(xTitle, "");
        this.yTitle = Objects.requireNonNullElse(yTitle, "");
    }

    /** Adds a series with the next palette colour. */
    public LearningCurvePlot add(Series s) {
        return add(s, PlotIo.color(series.size()));
    }

    /**
     * Adds a series drawn in {@code color}.
     *
     * @throws IllegalArgumentException if a series of the same name is already present
     */
    public LearningCurvePlot add(Series s, Color color) {
        Objects.requireNonNull(s, "series");
        Objects.requireNonNull(color, "color");
        for (Series o : series) {
            if (o.name().equals(s.name())) throw new IllegalArgumentException("duplicate series name '" + s.name() + "'");
        }
        series.add(s);
        colors.add(color);
        return this;
    }

    /** The series added so far, in order. */
    public List<Series> series() {
        return List.copyOf(series);
    }

    /**
     * Builds the XChart chart (for callers that want to restyle it or embed it).
     *
     * @throws IllegalStateException if no series was added
     */
    public XYChart toChart(int width, int height) {
        PlotIo.checkSize(width, height);
        if (series.isEmpty()) throw new IllegalStateException("no series to plot");
        double maxAbsX = 0;
        double maxAbsY = 0;
        for (Series s : series) {
            for (double v : s.x()) if (Double.isFinite(v)) maxAbsX = Math.max(maxAbsX, Math.abs(v));
            for (double v : s.y()) if (Double.isFinite(v)) maxAbsY = Math.max(maxAbsY, Math.abs(v));
        }
        int xExp = axisExponent(maxAbsX);
        int yExp = axisExponent(maxAbsY);
        double xf = Math.pow(10, -xExp);
        double yf = Math.pow(10, -yExp);
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle + exponentSuffix(xExp)).yAxisTitle(yTitle + exponentSuffix(yExp)).build();
        style(chart, width, height);
        Set<String> used = new HashSet<>();
        for (Series s : series) used.add(s.name());
        // XChart's own tick steps can be odd (35, 45k); pin the x range to multiples of a nice step instead
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.x()) {
                if (Double.isFinite(v)) {
                    xMin = Math.min(xMin, v * xf);
                    xMax = Math.max(xMax, v * xf);
                }
            }
        }
        if (xMax > xMin) {
            double step = PlotIo.niceStep(xMax - xMin, 10);
            chart.getStyler().setXAxisMin(Math.floor(xMin / step + 1e-9) * step);
            chart.getStyler().setXAxisMax(Math.ceil(xMax / step - 1e-9) * step);
            // With equally spaced x data XChart puts ticks on every k-th data point (odd steps such as 35);
            // one invisible point off the grid makes it fall back to its round-number ticks.
            XYSeries off = chart.addSeries("\u200b", new double[] {xMin + 0.1234567 * (xMax - xMin)},
                    new double[] {Double.NaN});
            off.setMarker(SeriesMarkers.NONE);
            off.setLineColor(new Color(0, 0, 0, 0));
            off.setShowInLegend(false);
            used.add("\u200b");
        }
        // bands first so every line is drawn on top of every band
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            if (!s.hasBand()) continue;
            double[][] poly = bandPolygon(s);
            if (poly == null) continue;
            String bandName = s.name() + " (band)";
            while (used.contains(bandName)) bandName = bandName + "'";
            used.add(bandName);
            XYSeries b = chart.addSeries(bandName, scaled(poly[0], xf), scaled(poly[1], yf));
            b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            b.setFillColor(PlotIo.withAlpha(colors.get(k), 55));
            b.setLineColor(PlotIo.withAlpha(colors.get(k), 0));
            b.setLineStyle(SeriesLines.NONE);
            b.setMarker(SeriesMarkers.NONE);
            b.setShowInLegend(false);
        }
        float lineWidth = Math.max(1.5f, 2.2f * scale(width, height));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            double[][] pts = finitePoints(s.x(), s.y());
            if (pts[0].length == 0) { // keep the legend entry; XChart needs at least one point
                pts = new double[][] {{s.x()[0]}, {Double.NaN}};
            }
            XYSeries line = chart.addSeries(s.name(), scaled(pts[0], xf), scaled(pts[1], yf));
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(colors.get(k));
            line.setLineStyle(new BasicStroke(lineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            if (pts[0].length <= 30) {
                line.setMarker(SeriesMarkers.CIRCLE);
                line.setMarkerColor(colors.get(k));
            } else {
                line.setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    /** Renders the figure to an image of the given size. */
    public BufferedImage render(int width, int height) {
        return BitmapEncoder.getBufferedImage(toChart(width, height));
    }

    /**
     * Renders and writes the figure as PNG, atomically (temporary file + rename); parent directories are
     * created.
     *
     * @throws IllegalStateException    if no series was added
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void write(Path png, int width, int height) {
        PlotIo.writePng(render(width, height), png);
    }

    static float scale(int width, int height) {
        return (float) Math.clamp(Math.min(width / 1000.0, height / 600.0), 0.6, 3.0);
    }

    /** House style shared with {@link ComparisonPlot}. */
    static void style(XYChart chart, int width, int height) {
        float s = scale(width, height);
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0x888888));
        st.setPlotGridLinesColor(new Color(0xE3E3E3));
        st.setPlotGridLinesStroke(new BasicStroke(1f));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, PlotIo.fontPx(20, s)));
        st.setChartTitleBoxVisible(false);
        st.setChartTitleVisible(!chart.getTitle().isEmpty());
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, PlotIo.fontPx(16, s)));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, PlotIo.fontPx(13, s)));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, PlotIo.fontPx(14, s)));
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendBorderColor(Color.WHITE);
        st.setLegendSeriesLineLength(Math.round(28 * s));
        st.setMarkerSize(Math.round(6 * s));
        st.setAntiAlias(true);
        st.setChartPadding(Math.round(12 * s));
        st.setPlotMargin(Math.round(4 * s));
        st.setXAxisTickMarkSpacingHint(Math.round(110 * s));
        st.setXAxisLabelRotation(0);
    }

    /**
     * Power of ten (a multiple of 3) by which an axis with values up to {@code maxAbs} is divided so that its
     * tick labels stay short: 0 below 10^5, 3 below 10^8, and so on (1000000 env steps become "1" on an axis
     * titled "env steps (×10⁶)").
     */
    static int axisExponent(double maxAbs) {
        if (!(maxAbs >= 1e5) || !Double.isFinite(maxAbs)) return 0;
        int e = (int) Math.floor(Math.log10(maxAbs));
        return Math.min(e / 3 * 3, 300);
    }

    /** " (×10³)" style suffix for an axis title; empty for exponent 0. */
    static String exponentSuffix(int exp) {
        if (exp == 0) return "";
        String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder b = new StringBuilder(" (×10");
        for (char c : Integer.toString(exp).toCharArray()) b.append(sup.charAt(c - '0'));
        return b.append(')').toString();
    }

    private static double[] scaled(double[] v, double f) {
        if (f == 1) return v;
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * f;
        return out;
    }

    /** Finite (x, y) pairs of the arrays, in order. */
    static double[][] finitePoints(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) if (Double.isFinite(x[i]) && Double.isFinite(y[i])) n++;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0, j = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs[j] = x[i];
                ys[j++] = y[i];
            }
        }
        return new double[][] {xs, ys};
    }

    /** Closed polygon (upper edge forward, lower edge back) over the finite band points; null if under 2. */
    private static double[][] bandPolygon(Series s) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < s.x().length; i++) {
            if (Double.isFinite(s.x()[i]) && Double.isFinite(s.lower()[i]) && Double.isFinite(s.upper()[i])) idx.add(i);
        }
        if (idx.size() < 2) return null;
        int n = idx.size();
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int j = 0; j < n; j++) {
            int i = idx.get(j);
            px[j] = s.x()[i];
            py[j] = s.upper()[i];
            int r = idx.get(n - 1 - j);
            px[n + j] = s.x()[r];
            py[n + j] = s.lower()[r];
        }
        return new double[][] {px, py};
    }
}
