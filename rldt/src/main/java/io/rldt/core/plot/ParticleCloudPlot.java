package io.rldt.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

/**
 * The picture that explains RLDT: a 2-D reward landscape drawn as a colour-mapped image with contour lines,
 * and two side-by-side panels on it, "before" (the pre-trained particles) and "after" (the fine-tuned
 * particles; the "before" cloud is repeated faintly underneath for comparison), optionally with arrows of the
 * transport field at a few particles. Both panels sample the same reward on the same grid, so they share one
 * colour scale, drawn once as a colour bar at the right. Drawn directly with Java2D (no chart library),
 * headless.
 *
 * <pre>{@code
 * new ParticleCloudPlot((x, y) -> -Math.hypot(x - 1, y - 1), new ParticleCloudPlot.Bounds(-3, 3, -3, 3))
 *         .title("RLDT on a 2-D bandit")
 *         .before(xs0, ys0).after(xs1, ys1)
 *         .arrows(ParticleCloudPlot.Panel.BEFORE, arrows, 0.5)
 *         .write(Path.of("out/particles.png"), 1200, 600);
 * }</pre>
 *
 * Sizes (fonts, dots, strokes) scale with the image, so 1200x600 and 2400x1200 look alike. Particles outside
 * the bounds are clipped. Non-finite reward values are painted grey and ignored by the colour scale. Not
 * thread-safe.
 */
public final class ParticleCloudPlot {
    static {
        PlotIo.headless();
    }

    /** The plotted rectangle of the plane. */
    public record Bounds(double xMin, double xMax, double yMin, double yMax) {
        /** @throws IllegalArgumentException if a bound is not finite or a side is empty */
        public Bounds {
            if (!(Double.isFinite(xMin) && Double.isFinite(xMax) && Double.isFinite(yMin) && Double.isFinite(yMax))
                    || xMin >= xMax || yMin >= yMax) {
                throw new IllegalArgumentException("bounds need finite xMin < xMax and yMin < yMax, got x in ["
                        + xMin + ", " + xMax + "], y in [" + yMin + ", " + yMax + "]");
            }
        }
    }

    /** An arrow of a field: from ({@code x}, {@code y}) along ({@code dx}, {@code dy}) times the plot's scale. */
    public record Arrow(double x, double y, double dx, double dy) {}

    /** One of the two panels. */
    public enum Panel {
        /** Left panel: the particles before fine-tuning. */
        BEFORE,
        /** Right panel: the particles after fine-tuning. */
        AFTER
    }

    static final Color BEFORE_FILL = new Color(0xE0E0E0);
    static final Color BEFORE_EDGE = new Color(0x202020);
    static final Color AFTER_FILL = new Color(0xE41A1C);
    static final Color AFTER_EDGE = Color.WHITE;

    private final DoubleBinaryOperator reward;
    private final Bounds bounds;
    private String title = "";
    private String beforeTitle = "before fine-tuning";
    private String afterTitle = "after fine-tuning";
    private String xTitle = "x";
    private String yTitle = "y";
    private String rewardTitle = "reward";
    private double[][] before = {new double[0], new double[0]};
    private double[][] after = {new double[0], new double[0]};
    private final List<Arrow> beforeArrows = new ArrayList<>();
    private final List<Arrow> afterArrows = new ArrayList<>();
    private double beforeArrowScale = 1;
    private double afterArrowScale = 1;
    private String arrowLabel = "transport field";
    private boolean ghostBefore = true;
    private int contours = 8;
    private int resolution = 200;

    /**
     * @param reward the landscape, {@code reward.applyAsDouble(x, y)}; sampled on a grid over {@code bounds}
     * @param bounds the plotted rectangle
     */
    public ParticleCloudPlot(DoubleBinaryOperator reward, Bounds bounds) {
        this.reward = Objects.requireNonNull(reward, "reward");
        this.bounds = Objects.requireNonNull(bounds, "bounds");
    }

    /** Figure title above both panels (default none). */
    public ParticleCloudPlot title(String title) {
        this.title = Objects.requireNonNullElse(title, "");
        return this;
    }

    /** Panel titles, also used as legend labels (default "before fine-tuning", "after fine-tuning"). */
    public ParticleCloudPlot panelTitles(String before, String after) {
        this.beforeTitle = Objects.requireNonNull(before);
        this.afterTitle = Objects.requireNonNull(after);
        return this;
    }

    /** Axis titles (default "x", "y"). */
    public ParticleCloudPlot axisTitles(String x, String y) {
        this.xTitle = Objects.requireNonNull(x);
        this.yTitle = Objects.requireNonNull(y);
        return this;
    }

    /** Title of the colour bar (default "reward"). */
    public ParticleCloudPlot rewardTitle(String t) {
        this.rewardTitle = Objects.requireNonNull(t);
        return this;
    }

    /** Legend label for the arrows (default "transport field"). */
    public ParticleCloudPlot arrowLabel(String t) {
        this.arrowLabel = Objects.requireNonNull(t);
        return this;
    }

    /**
     * The particles before fine-tuning, as coordinate arrays.
     *
     * @throws IllegalArgumentException naming the set and the lengths if {@code xs} and {@code ys} differ
     */
    public ParticleCloudPlot before(double[] xs, double[] ys) {
        this.before = checked("before", xs, ys);
        return this;
    }

    /**
     * The particles before fine-tuning, as points {@code points[i] = {x, y}}.
     *
     * @throws IllegalArgumentException if a point does not have 2 coordinates
     */
    public ParticleCloudPlot before(double[][] points) {
        this.before = split("before", points);
        return this;
    }

    /** The particles after fine-tuning, as coordinate arrays; see {@link #before(double[], double[])}. */
    public ParticleCloudPlot after(double[] xs, double[] ys) {
        this.after = checked("after", xs, ys);
        return this;
    }

    /** The particles after fine-tuning, as points; see {@link #before(double[][])}. */
    public ParticleCloudPlot after(double[][] points) {
        this.after = split("after", points);
        return this;
    }

    /**
     * Arrows drawn on one panel (replacing earlier ones there), each from its start point along
     * {@code scale * (dx, dy)} in data units.
     */
    public ParticleCloudPlot arrows(Panel panel, List<Arrow> arrows, double scale) {
        if (!(scale > 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("arrow scale must be > 0, got " + scale);
        List<Arrow> target = panel == Panel.BEFORE ? beforeArrows : afterArrows;
        target.clear();
        target.addAll(arrows);
        if (panel == Panel.BEFORE) beforeArrowScale = scale;
        else afterArrowScale = scale;
        return this;
    }

    /** Whether the "after" panel repeats the "before" cloud faintly (default true). */
    public ParticleCloudPlot ghostBefore(boolean on) {
        this.ghostBefore = on;
        return this;
    }

    /** Number of contour levels over the landscape, 0 for none (default 8). */
    public ParticleCloudPlot contours(int levels) {
        if (levels < 0 || levels > 50) throw new IllegalArgumentException("contour levels must be in [0, 50], got " + levels);
        this.contours = levels;
        return this;
    }

    /** Reward samples per side of the grid (default 200). */
    public ParticleCloudPlot resolution(int samplesPerSide) {
        if (samplesPerSide < 2 || samplesPerSide > 2000) {
            throw new IllegalArgumentException("resolution must be in [2, 2000], got " + samplesPerSide);
        }
        this.resolution = samplesPerSide;
        return this;
    }

    /** Writes the figure as PNG atomically (temporary file + rename); parent directories are created. */
    public void write(Path png, int width, int height) {
        PlotIo.writePng(render(width, height), png);
    }

    // ---------------------------------------------------------------- rendering

    /** Renders the figure: two panels with a shared colour scale, colour bar, legend and titles. */
    public BufferedImage render(int width, int height) {
        PlotIo.checkSize(width, height);
        double[][] grid = sample();
        double[] range = finiteRange(grid);
        BufferedImage landscape = landscapeImage(grid, range);
        List<double[][]> contourSegs = contourSegments(grid, range);

        float s = (float) Math.clamp(Math.min(width / 1200.0, height / 600.0), 0.5, 4.0);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, PlotIo.fontPx(22, s));
        Font panelFont = new Font(Font.SANS_SERIF, Font.BOLD, PlotIo.fontPx(17, s));
        Font axisFont = new Font(Font.SANS_SERIF, Font.PLAIN, PlotIo.fontPx(16, s));
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, PlotIo.fontPx(13, s));
        Font legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, PlotIo.fontPx(15, s));

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);

            double[] xTicks = niceTicks(bounds.xMin(), bounds.xMax(), 6);
            double[] yTicks = niceTicks(bounds.yMin(), bounds.yMax(), 6);
            double[] cTicks = niceTicks(range[0], range[1], 6);
            FontMetrics tfm = g.getFontMetrics(tickFont);
            int yLabelW = 0;
            for (double t : yTicks) yLabelW = Math.max(yLabelW, tfm.stringWidth(fmt(t, yTicks)));
            int cLabelW = 0;
            for (double t : cTicks) cLabelW = Math.max(cLabelW, tfm.stringWidth(fmt(t, cTicks)));
            FontMetrics afm = g.getFontMetrics(axisFont);
            int pad = Math.round(8 * s);
            int tickLen = Math.round(5 * s);

            int top = pad;
            if (!title.isEmpty()) top += g.getFontMetrics(titleFont).getHeight() + pad;
            top += g.getFontMetrics(panelFont).getHeight() + pad / 2;
            int legendH = g.getFontMetrics(legendFont).getHeight() + 2 * pad;
            int bottom = tickLen + tfm.getHeight() + afm.getHeight() + pad + legendH;
            int leftAxis = afm.getHeight() + pad + yLabelW + tickLen + pad / 2; // y title + tick labels
            int barW = Math.round(18 * s);
            int right = pad * 3 + barW + tickLen + cLabelW + afm.getHeight() + pad;
            int gap = Math.round(20 * s);

            int availW = width - right - 2 * leftAxis - gap;
            int availH = height - top - bottom;
            if (availW < 40 || availH < 40) throw new IllegalArgumentException("image " + width + "x" + height + " is too small for the figure");
            int pw = availW / 2;
            int ph = availH;
            double aspect = (bounds.xMax() - bounds.xMin()) / (bounds.yMax() - bounds.yMin());
            aspect = Math.clamp(aspect, 0.5, 2.0);
            if (pw / (double) ph > aspect) pw = (int) Math.round(ph * aspect);
            else ph = (int) Math.round(pw / aspect);
            int contentW = 2 * (leftAxis + pw) + gap + right;
            int x0 = Math.max(0, (width - contentW) / 2);
            int y0 = top + (availH - ph) / 2;

            Rectangle2D.Double left = new Rectangle2D.Double(x0 + leftAxis, y0, pw, ph);
            Rectangle2D.Double rightP = new Rectangle2D.Double(x0 + 2 * leftAxis + pw + gap, y0, pw, ph);

            if (!title.isEmpty()) {
                g.setFont(titleFont);
                g.setColor(Color.BLACK);
                FontMetrics fm = g.getFontMetrics();
                double cx = (left.getMinX() + rightP.getMaxX()) / 2;
                g.drawString(title, (float) (cx - fm.stringWidth(title) / 2.0), pad + fm.getAscent());
            }

            drawPanel(g, left, landscape, contourSegs, beforeTitle, null, before, beforeArrows, beforeArrowScale,
                    xTicks, yTicks, s, panelFont, tickFont, axisFont, true);
            drawPanel(g, rightP, landscape, contourSegs, afterTitle, ghostBefore ? before : null, after, afterArrows,
                    afterArrowScale, xTicks, yTicks, s, panelFont, tickFont, axisFont, false);

            Rectangle2D.Double bar = new Rectangle2D.Double(rightP.getMaxX() + 3 * pad, y0, barW, ph);
            drawColorBar(g, bar, range, cTicks, s, tickFont, axisFont, tickLen);

            int legendY = height - legendH / 2;
            drawLegend(g, (left.getMinX() + rightP.getMaxX()) / 2, legendY, s, legendFont);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void drawPanel(Graphics2D g, Rectangle2D.Double r, BufferedImage landscape, List<double[][]> contourSegs,
                           String panelTitle, double[][] ghost, double[][] pts, List<Arrow> arrows, double arrowScale,
                           double[] xTicks, double[] yTicks, float s, Font panelFont, Font tickFont, Font axisFont,
                           boolean yTitleOn) {
        // yTitleOn: the left panel, which is also the "before" panel
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(landscape, (int) r.x, (int) r.y, (int) r.width, (int) r.height, null);

        Shape oldClip = g.getClip();
        g.clip(r);
        if (!contourSegs.isEmpty()) {
            g.setColor(new Color(255, 255, 255, 110));
            g.setStroke(new BasicStroke(Math.max(0.8f, 1.0f * s)));
            for (double[][] seg : contourSegs) {
                g.draw(new Line2D.Double(px(r, seg[0][0]), py(r, seg[0][1]), px(r, seg[1][0]), py(r, seg[1][1])));
            }
        }
        if (ghost != null) {
            double rad = dotRadius(ghost[0].length, s) * 0.8;
            Color fill = new Color(235, 235, 235, 100);
            Color edge = new Color(40, 40, 40, 80);
            g.setStroke(new BasicStroke(Math.max(0.6f, 0.7f * s)));
            for (int i = 0; i < ghost[0].length; i++) {
                Ellipse2D.Double e = new Ellipse2D.Double(px(r, ghost[0][i]) - rad, py(r, ghost[1][i]) - rad, 2 * rad, 2 * rad);
                g.setColor(fill);
                g.fill(e);
                g.setColor(edge);
                g.draw(e);
            }
        }
        boolean isBefore = yTitleOn; // the left panel is the "before" one
        drawDots(g, r, pts, isBefore ? BEFORE_FILL : AFTER_FILL, isBefore ? BEFORE_EDGE : AFTER_EDGE, s);
        for (Arrow a : arrows) {
            drawArrow(g, px(r, a.x()), py(r, a.y()), px(r, a.x() + arrowScale * a.dx()),
                    py(r, a.y() + arrowScale * a.dy()), s);
        }
        g.setClip(oldClip);

        g.setColor(new Color(0x444444));
        g.setStroke(new BasicStroke(Math.max(1f, s)));
        g.draw(r);

        int tickLen = Math.round(5 * s);
        g.setFont(tickFont);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        for (double t : xTicks) {
            double x = px(r, t);
            g.draw(new Line2D.Double(x, r.getMaxY(), x, r.getMaxY() + tickLen));
            String lab = fmt(t, xTicks);
            g.drawString(lab, (float) (x - fm.stringWidth(lab) / 2.0), (float) (r.getMaxY() + tickLen + fm.getAscent()));
        }
        for (double t : yTicks) {
            double y = py(r, t);
            g.draw(new Line2D.Double(r.getMinX() - tickLen, y, r.getMinX(), y));
            String lab = fmt(t, yTicks);
            g.drawString(lab, (float) (r.getMinX() - tickLen - 3 * s - fm.stringWidth(lab)),
                    (float) (y + fm.getAscent() / 2.0 - fm.getDescent() / 2.0));
        }
        g.setFont(axisFont);
        FontMetrics afm = g.getFontMetrics();
        float xTitleY = (float) (r.getMaxY() + tickLen + fm.getHeight() + afm.getAscent());
        g.drawString(xTitle, (float) (r.getCenterX() - afm.stringWidth(xTitle) / 2.0), xTitleY);
        if (yTitleOn) {
            int yLabelW = 0;
            for (double t : yTicks) yLabelW = Math.max(yLabelW, fm.stringWidth(fmt(t, yTicks)));
            double tx = r.getMinX() - tickLen - 3 * s - yLabelW - 6 * s - afm.getDescent();
            drawRotated(g, yTitle, tx, r.getCenterY(), afm);
        }
        g.setFont(panelFont);
        FontMetrics pfm = g.getFontMetrics();
        g.drawString(panelTitle, (float) (r.getCenterX() - pfm.stringWidth(panelTitle) / 2.0),
                (float) (r.getMinY() - pfm.getDescent() - 4 * s));
    }

    private static void drawRotated(Graphics2D g, String text, double baselineX, double centerY, FontMetrics fm) {
        AffineTransform old = g.getTransform();
        g.translate(baselineX, centerY);
        g.rotate(-Math.PI / 2);
        g.drawString(text, (float) (-fm.stringWidth(text) / 2.0), 0f);
        g.setTransform(old);
    }

    private static double dotRadius(int n, float s) {
        double base = n > 3000 ? 2.2 : n > 800 ? 3.0 : 4.0;
        return base * s;
    }

    private void drawDots(Graphics2D g, Rectangle2D.Double r, double[][] pts, Color fill, Color edge, float s) {
        int n = pts[0].length;
        double rad = dotRadius(n, s);
        g.setStroke(new BasicStroke(Math.max(0.7f, 0.9f * s)));
        Color edgeA = PlotIo.withAlpha(edge, 200);
        Color fillA = PlotIo.withAlpha(fill, 230);
        for (int i = 0; i < n; i++) {
            double x = pts[0][i];
            double y = pts[1][i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
            Ellipse2D.Double e = new Ellipse2D.Double(px(r, x) - rad, py(r, y) - rad, 2 * rad, 2 * rad);
            g.setColor(fillA);
            g.fill(e);
            g.setColor(edgeA);
            g.draw(e);
        }
    }

    /** A white arrow with a dark outline, visible on any part of the colour map. */
    private static void drawArrow(Graphics2D g, double x1, double y1, double x2, double y2, float s) {
        double len = Math.hypot(x2 - x1, y2 - y1);
        if (!(len > 0.5) || !Double.isFinite(len)) return;
        double head = Math.min(10 * s, 0.45 * len);
        double ux = (x2 - x1) / len;
        double uy = (y2 - y1) / len;
        double bx = x2 - ux * head;
        double by = y2 - uy * head;
        Path2D.Double tip = new Path2D.Double();
        tip.moveTo(x2, y2);
        tip.lineTo(bx - uy * head * 0.5, by + ux * head * 0.5);
        tip.lineTo(bx + uy * head * 0.5, by - ux * head * 0.5);
        tip.closePath();
        Line2D.Double shaft = new Line2D.Double(x1, y1, bx, by);
        g.setColor(new Color(0, 0, 0, 200));
        g.setStroke(new BasicStroke(3.4f * s, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(shaft);
        g.draw(tip);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1.6f * s, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(shaft);
        g.fill(tip);
    }

    private void drawColorBar(Graphics2D g, Rectangle2D.Double bar, double[] range, double[] ticks, float s,
                              Font tickFont, Font axisFont, int tickLen) {
        int h = (int) bar.height;
        for (int j = 0; j < h; j++) {
            g.setColor(colormap(1.0 - (j + 0.5) / h));
            g.fill(new Rectangle2D.Double(bar.x, bar.y + j, bar.width, 1.0));
        }
        g.setColor(new Color(0x444444));
        g.setStroke(new BasicStroke(Math.max(1f, s)));
        g.draw(bar);
        g.setFont(tickFont);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        int labelW = 0;
        for (double t : ticks) {
            double f = (t - range[0]) / (range[1] - range[0]);
            double y = bar.getMaxY() - f * bar.height;
            g.draw(new Line2D.Double(bar.getMaxX(), y, bar.getMaxX() + tickLen, y));
            String lab = fmt(t, ticks);
            labelW = Math.max(labelW, fm.stringWidth(lab));
            g.drawString(lab, (float) (bar.getMaxX() + tickLen + 3 * s),
                    (float) (y + fm.getAscent() / 2.0 - fm.getDescent() / 2.0));
        }
        g.setFont(axisFont);
        FontMetrics afm = g.getFontMetrics();
        double tx = bar.getMaxX() + tickLen + 3 * s + labelW + 6 * s + afm.getAscent();
        AffineTransform old = g.getTransform();
        g.translate(tx, bar.getCenterY());
        g.rotate(-Math.PI / 2);
        g.drawString(rewardTitle, (float) (-afm.stringWidth(rewardTitle) / 2.0), 0f);
        g.setTransform(old);
    }

    private void drawLegend(Graphics2D g, double centerX, int centerY, float s, Font font) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        double sym = 22 * s;
        double sp = 8 * s;
        double entryGap = 28 * s;
        List<String> labels = new ArrayList<>(List.of(beforeTitle, afterTitle));
        boolean anyArrows = !beforeArrows.isEmpty() || !afterArrows.isEmpty();
        if (anyArrows) labels.add(arrowLabel);
        double total = 0;
        for (String l : labels) total += sym + sp + fm.stringWidth(l);
        total += entryGap * (labels.size() - 1);
        double x = centerX - total / 2;
        float baseline = (float) (centerY + fm.getAscent() / 2.0 - fm.getDescent() / 2.0);
        double rad = 5 * s;
        for (int k = 0; k < labels.size(); k++) {
            double cx = x + sym / 2;
            g.setStroke(new BasicStroke(Math.max(0.8f, 1.1f * s)));
            if (k < 2) {
                Ellipse2D.Double e = new Ellipse2D.Double(cx - rad, centerY - rad, 2 * rad, 2 * rad);
                g.setColor(k == 0 ? BEFORE_FILL : AFTER_FILL);
                g.fill(e);
                g.setColor(k == 0 ? BEFORE_EDGE : new Color(0x7A0000));
                g.draw(e);
            } else {
                // white arrows need a dark chip behind them in the legend
                g.setColor(new Color(0x31688E));
                g.fill(new Rectangle2D.Double(x, centerY - 8 * s, sym, 16 * s));
                drawArrow(g, x + 3 * s, centerY, x + sym - 3 * s, centerY, s);
            }
            g.setColor(Color.BLACK);
            g.drawString(labels.get(k), (float) (x + sym + sp), baseline);
            x += sym + sp + fm.stringWidth(labels.get(k)) + entryGap;
        }
    }

    private double px(Rectangle2D.Double r, double x) {
        return r.x + (x - bounds.xMin()) / (bounds.xMax() - bounds.xMin()) * r.width;
    }

    private double py(Rectangle2D.Double r, double y) {
        return r.getMaxY() - (y - bounds.yMin()) / (bounds.yMax() - bounds.yMin()) * r.height;
    }

    // ---------------------------------------------------------------- landscape

    /** grid[j][i] = reward at the centre of cell (i, j); j = 0 is the bottom row. */
    private double[][] sample() {
        int n = resolution;
        double[][] v = new double[n][n];
        for (int j = 0; j < n; j++) {
            double y = cellY(j);
            for (int i = 0; i < n; i++) v[j][i] = reward.applyAsDouble(cellX(i), y);
        }
        return v;
    }

    private double cellX(int i) {
        return bounds.xMin() + (i + 0.5) / resolution * (bounds.xMax() - bounds.xMin());
    }

    private double cellY(int j) {
        return bounds.yMin() + (j + 0.5) / resolution * (bounds.yMax() - bounds.yMin());
    }

    /** [min, max] of the finite values; a unit range around a constant; [0, 1] when nothing is finite. */
    static double[] finiteRange(double[][] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : v) {
            for (double x : row) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        if (lo > hi) return new double[] {0, 1};
        if (lo == hi) return new double[] {lo - 0.5, hi + 0.5};
        return new double[] {lo, hi};
    }

    private static BufferedImage landscapeImage(double[][] v, double[] range) {
        int n = v.length;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        Color nan = new Color(0x9A9A9A);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = v[j][i];
                Color c = Double.isFinite(x) ? colormap((x - range[0]) / (range[1] - range[0])) : nan;
                img.setRGB(i, n - 1 - j, c.getRGB());
            }
        }
        return img;
    }

    /** Viridis key colours, sampled at 0, 1/8, ..., 1. */
    private static final int[] VIRIDIS = {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779,
            0x6DCD59, 0xFDE725};

    /** Viridis, lightened a little towards white so that the particles stand out; {@code t} in [0, 1]. */
    static Color colormap(double t) {
        t = Math.clamp(Double.isNaN(t) ? 0 : t, 0.0, 1.0);
        double f = t * (VIRIDIS.length - 1);
        int k = Math.min((int) f, VIRIDIS.length - 2);
        double u = f - k;
        int a = VIRIDIS[k];
        int b = VIRIDIS[k + 1];
        double lighten = 0.18;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            int sh = 16 - 8 * c;
            double va = (a >> sh) & 0xFF;
            double vb = (b >> sh) & 0xFF;
            double v = va + u * (vb - va);
            rgb[c] = (int) Math.round(v + lighten * (255 - v));
        }
        return new Color(rgb[0], rgb[1], rgb[2]);
    }

    /** Contour segments {{x1, y1}, {x2, y2}} in data units, by marching squares over the cell centres. */
    private List<double[][]> contourSegments(double[][] v, double[] range) {
        List<double[][]> segs = new ArrayList<>();
        int n = v.length;
        for (int k = 1; k <= contours; k++) {
            double level = range[0] + k * (range[1] - range[0]) / (contours + 1);
            for (int j = 0; j + 1 < n; j++) {
                for (int i = 0; i + 1 < n; i++) {
                    double a = v[j][i];         // bottom-left
                    double b = v[j][i + 1];     // bottom-right
                    double c = v[j + 1][i + 1]; // top-right
                    double d = v[j + 1][i];     // top-left
                    if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d))) continue;
                    double x0 = cellX(i);
                    double x1 = cellX(i + 1);
                    double y0 = cellY(j);
                    double y1 = cellY(j + 1);
                    List<double[]> cross = new ArrayList<>(4);
                    if ((a < level) != (b < level)) cross.add(new double[] {lerp(x0, x1, a, b, level), y0});
                    if ((b < level) != (c < level)) cross.add(new double[] {x1, lerp(y0, y1, b, c, level)});
                    if ((c < level) != (d < level)) cross.add(new double[] {lerp(x1, x0, c, d, level), y1});
                    if ((d < level) != (a < level)) cross.add(new double[] {x0, lerp(y1, y0, d, a, level)});
                    if (cross.size() == 2) {
                        segs.add(new double[][] {cross.get(0), cross.get(1)});
                    } else if (cross.size() == 4) { // saddle: pair by the centre value
                        boolean centreAbove = (a + b + c + d) / 4 >= level;
                        boolean aAbove = a >= level;
                        if (centreAbove == aAbove) {
                            segs.add(new double[][] {cross.get(0), cross.get(1)});
                            segs.add(new double[][] {cross.get(2), cross.get(3)});
                        } else {
                            segs.add(new double[][] {cross.get(0), cross.get(3)});
                            segs.add(new double[][] {cross.get(1), cross.get(2)});
                        }
                    }
                }
            }
        }
        return segs;
    }

    private static double lerp(double p0, double p1, double v0, double v1, double level) {
        double t = (level - v0) / (v1 - v0);
        return p0 + t * (p1 - p0);
    }

    // ---------------------------------------------------------------- ticks and input

    /** "Nice" tick values (steps 1, 2, 2.5 or 5 times a power of ten) inside [lo, hi], about {@code target} of them. */
    static double[] niceTicks(double lo, double hi, int target) {
        double step = PlotIo.niceStep(hi - lo, target);
        double first = Math.ceil(lo / step - 1e-9) * step;
        List<Double> t = new ArrayList<>();
        for (double v = first; v <= hi + step * 1e-9; v += step) t.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Formats a tick with as many decimals as its step needs. */
    static String fmt(double v, double[] ticks) {
        double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(v);
        int decimals = step == 0 ? 0 : Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (step > 0 && Math.abs(step * Math.pow(10, decimals) - Math.round(step * Math.pow(10, decimals))) > 1e-6) decimals++;
        BigDecimal bd = BigDecimal.valueOf(v).setScale(Math.min(decimals, 10), RoundingMode.HALF_UP);
        String str = bd.toPlainString();
        return str.equals("-0") || str.matches("-0\\.0*") ? str.substring(1) : str;
    }

    private static double[][] checked(String set, double[] xs, double[] ys) {
        Objects.requireNonNull(xs, set + " xs");
        Objects.requireNonNull(ys, set + " ys");
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("particle set '" + set + "': xs has " + xs.length
                    + " values but ys has " + ys.length);
        }
        return new double[][] {xs.clone(), ys.clone()};
    }

    private static double[][] split(String set, double[][] points) {
        Objects.requireNonNull(points, set + " points");
        double[] xs = new double[points.length];
        double[] ys = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != 2) {
                throw new IllegalArgumentException("particle set '" + set + "': point " + i + " has "
                        + (points[i] == null ? 0 : points[i].length) + " coordinates, expected 2");
            }
            xs[i] = points[i][0];
            ys[i] = points[i][1];
        }
        return new double[][] {xs, ys};
    }
}
