package io.rldt.core.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A CSV with one row per iteration. The column set is fixed by the first record (plus any columns already in
 * an existing file being appended to); later keys not in it are ignored and missing values are left empty,
 * so the file stays rectangular. Use {@link JsonlSink} for the complete record.
 */
public final class CsvSink implements MetricsSink {
    private final BufferedWriter out;
    private List<String> columns;

    public CsvSink(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file) && Files.size(file) > 0) {
                String header = Files.readAllLines(file, StandardCharsets.UTF_8).getFirst();
                List<String> cols = new ArrayList<>(List.of(header.split(",", -1)));
                cols.removeFirst(); // "iteration"
                columns = cols;
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics file " + file, e);
        }
    }

    @Override
    public synchronized void log(int step, Map<String, Double> metrics) {
        try {
            if (columns == null) {
                columns = new ArrayList<>(new TreeSet<>(metrics.keySet()));
                out.write("iteration," + String.join(",", columns) + "\n");
            }
            StringBuilder sb = new StringBuilder().append(step);
            for (String c : columns) {
                Double v = metrics.get(c);
                sb.append(',');
                if (v != null && !Double.isNaN(v)) sb.append(v);
            }
            out.write(sb.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
