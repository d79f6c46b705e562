package io.rldt.core.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The standard plots of one run directory, drawn from its {@code metrics.csv}. */
public final class RunPlots {
    private RunPlots() {}

    /**
     * Evaluation return (mean ± std over evaluation episodes) and training-episode return against env steps.
     */
    public static void learningCurve(Path metricsCsv, Path png, String title) throws IOException {
        if (!Files.exists(metricsCsv)) throw new IllegalArgumentException("no metrics file at " + metricsCsv);
        LearningCurvePlot plot = new LearningCurvePlot(title, "env steps", "episode return");
        ComparisonPlot.Run eval = ComparisonPlot.loadCsv(metricsCsv, "eval", "train/env_steps", "eval/return_mean");
        ComparisonPlot.Run std = ComparisonPlot.loadCsv(metricsCsv, "eval", "train/env_steps", "eval/return_std");
        if (eval.x().length > 0) {
            plot.add(std.x().length == eval.x().length
                    ? LearningCurvePlot.Series.withStd("evaluation (mean ± std)", eval.x(), eval.y(), std.y())
                    : LearningCurvePlot.Series.of("evaluation", eval.x(), eval.y()));
        }
        try {
            ComparisonPlot.Run train = ComparisonPlot.loadCsv(metricsCsv, "train", "train/env_steps", "train/return_mean");
            if (train.x().length > 0) plot.add(LearningCurvePlot.Series.of("training episodes (with exploration)", train.x(), train.y()));
        } catch (IllegalArgumentException noTrainingYet) {
            // a run that has only evaluated so far has no train/return_mean column
        }
        plot.write(png, 1000, 600);
    }
}
