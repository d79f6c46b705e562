package io.rldt.core.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A CSV with one row per iteration and one column per metric key ever logged (sorted), empty cells where a
 * record lacks a key (evaluation rows have no actor losses). When a record brings a new key, the file is
 * rewritten with the wider header through a temporary file and an atomic rename; otherwise rows are appended
 * and flushed. An existing file is read back first, so a resumed run continues it.
 */
public final class CsvSink implements MetricsSink {
    private final Path file;
    private final List<Map<String, String>> rows = new ArrayList<>();
    private final TreeSet<String> columns = new TreeSet<>();

    public CsvSink(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file) && Files.size(file) > 0) read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics file " + file, e);
        }
    }

    private void read() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = lines.getFirst().split(",", -1);
        for (int i = 1; i < header.length; i++) columns.add(header[i]);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) row.put(header[i], cells[i]);
            rows.add(row);
        }
    }

    @Override
    public synchronized void log(int step, Map<String, Double> metrics) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("iteration", Integer.toString(step));
        metrics.forEach((k, v) -> row.put(k, v == null || v.isNaN() ? "" : Double.toString(v)));
        rows.add(row);
        boolean widened = columns.addAll(metrics.keySet());
        try {
            if (widened || !Files.exists(file)) {
                rewrite();
            } else {
                try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                    w.write(line(row));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file, e);
        }
    }

    private void rewrite() throws IOException {
        StringBuilder sb = new StringBuilder("iteration");
        for (String c : columns) sb.append(',').append(c);
        sb.append('\n');
        for (Map<String, String> r : rows) sb.append(line(r));
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private String line(Map<String, String> row) {
        StringBuilder sb = new StringBuilder(row.getOrDefault("iteration", ""));
        for (String c : columns) sb.append(',').append(row.getOrDefault(c, ""));
        return sb.append('\n').toString();
    }
}
