package io.rldt.core.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/** One JSON object per line: {@code {"iteration": 3, "critic/q_mean": 1.5, ...}}, keys sorted. */
public final class JsonlSink implements MetricsSink {
    private final BufferedWriter out;

    /** Appends to {@code file} (a resumed run continues the same file). */
    public JsonlSink(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics file " + file, e);
        }
    }

    @Override
    public synchronized void log(int step, Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder("{\"iteration\": ").append(step);
        for (Map.Entry<String, Double> e : new TreeMap<>(metrics).entrySet()) {
            sb.append(", \"").append(e.getKey().replace("\"", "\\\"")).append("\": ").append(number(e.getValue()));
        }
        sb.append("}\n");
        try {
            out.write(sb.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    /** JSON has no NaN or infinities: write them as null. */
    static String number(Double v) {
        return v == null || !Double.isFinite(v) ? "null" : Double.toString(v);
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
