/**
 * PNG figures for reports: learning curves ({@link io.rldt.core.plot.LearningCurvePlot}), seed-aggregated
 * method comparisons ({@link io.rldt.core.plot.ComparisonPlot}) and the before/after particle picture over a
 * 2-D reward landscape ({@link io.rldt.core.plot.ParticleCloudPlot}).
 *
 * <p>All rendering is headless ({@code java.awt.headless=true} is set before any AWT class is touched) and
 * every {@code write} is atomic: the PNG is written to a temporary file in the target directory and then
 * renamed over the target, so a reader never sees a half-written image.
 */
package io.rldt.core.plot;
