package io.rldt.core.cli;

import io.rldt.core.plot.ComparisonPlot;
import io.rldt.core.train.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Compares runs in one figure: each method's seeds on a common x grid, their mean as a line and a band
 * (standard error by default), from the runs' {@code metrics.csv}.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Compare runs: methods × seeds, mean with a band, one PNG.",
                "Example: rldt plot --run rldt=runs/a,runs/b --run delta=runs/c --x train/env_steps --y eval/return_mean -o cmp.png"})
final class PlotCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "METHOD=DIR[,DIR...]",
            description = "a method and its run directories (or metrics.csv files), one per seed (repeatable)")
    List<String> runs = new ArrayList<>();

    @Option(names = "--x", description = "x column of metrics.csv (default: ${DEFAULT-VALUE})", defaultValue = "train/env_steps")
    String x;

    @Option(names = "--y", description = "y column of metrics.csv (default: ${DEFAULT-VALUE})", defaultValue = "eval/return_mean")
    String y;

    @Option(names = "--band", description = "band around the mean: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", defaultValue = "STANDARD_ERROR")
    ComparisonPlot.Band band;

    @Option(names = "--title", description = "figure title (default: the y column)")
    String title;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.png", defaultValue = "comparison.png", description = "the PNG to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1000x600", description = "image size in pixels (default: ${DEFAULT-VALUE})")
    String size;

    @Override
    public Integer call() {
        ComparisonPlot plot = new ComparisonPlot(title != null ? title : y, x, y).band(band);
        for (String spec : runs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--run '" + spec + "' is not of the form METHOD=DIR[,DIR...]");
            }
            String method = spec.substring(0, eq);
            List<Path> csvs = new ArrayList<>();
            for (String d : spec.substring(eq + 1).split(",")) {
                Path p = Path.of(d.trim());
                Path csv = Files.isDirectory(p) ? new RunFiles(p).metricsCsv() : p;
                if (!Files.isRegularFile(csv)) {
                    throw new IllegalArgumentException("--run " + method + ": " + csv + " does not exist (expected a run directory with metrics.csv)");
                }
                csvs.add(csv);
            }
            plot.addAll(ComparisonPlot.loadCsvs(method, csvs, x, y));
        }
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        int w, h;
        try {
            w = Integer.parseInt(wh[0]);
            h = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--size '" + size + "' is not of the form WIDTHxHEIGHT, e.g. 1000x600");
        }
        plot.write(out, w, h);
        StringBuilder sb = new StringBuilder();
        for (ComparisonPlot.Aggregate a : plot.aggregates()) {
            int last = a.mean().length - 1;
            sb.append(String.format(Locale.ROOT, "%n  %-12s %d run(s), final %s = %s", a.method(), a.runs(), y,
                    last < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", a.mean()[last], a.lower()[last], a.upper()[last])));
        }
        System.out.println("wrote " + out.toAbsolutePath() + sb);
        return 0;
    }
}
