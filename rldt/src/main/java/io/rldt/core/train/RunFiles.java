package io.rldt.core.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a run directory and the atomic-write helper every file in it goes through.
 * <pre>
 *   config.toml            the resolved configuration
 *   metadata.json          versions (Java, backend, MuJoCo), start time
 *   pretrained.safetensors the pretrained policy and its normalisation statistics
 *   checkpoint.safetensors the latest training state (see AgentCheckpoint)
 *   metrics.csv, metrics.jsonl  one record per iteration
 *   summary.json           final figures
 *   snapshots/             SAC actor snapshots (actor_step00010000.safetensors, ...)
 *   *.png                  plots
 * </pre>
 */
public record RunFiles(Path dir) {

    public Path config() { return dir.resolve("config.toml"); }
    public Path metadata() { return dir.resolve("metadata.json"); }
    public Path pretrained() { return dir.resolve("pretrained.safetensors"); }
    public Path checkpoint() { return dir.resolve("checkpoint.safetensors"); }
    public Path metricsCsv() { return dir.resolve("metrics.csv"); }
    public Path metricsJsonl() { return dir.resolve("metrics.jsonl"); }
    public Path summary() { return dir.resolve("summary.json"); }
    public Path learningCurve() { return dir.resolve("learning_curve.png"); }
    /** SAC actor snapshots, one file per evaluation that keeps one. */
    public Path snapshots() { return dir.resolve("snapshots"); }
    public Path snapshot(long step) { return snapshots().resolve(String.format("actor_step%08d.safetensors", step)); }

    /** Writes {@code text} to {@code file} through a temporary file in the same directory and an atomic rename. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Drops metric rows after {@code lastIteration} (a killed run may have logged iterations its last
     * checkpoint does not contain; the resumed run logs them again).
     */
    public void truncateMetrics(int lastIteration) throws IOException {
        if (Files.exists(metricsJsonl())) {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(metricsJsonl(), StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                int itr = Integer.parseInt(line.substring(line.indexOf(':') + 1, line.indexOf(',') > 0 ? line.indexOf(',') : line.indexOf('}')).trim());
                if (itr <= lastIteration) keep.add(line);
            }
            writeAtomically(metricsJsonl(), keep.isEmpty() ? "" : String.join("\n", keep) + "\n");
        }
        if (Files.exists(metricsCsv())) {
            List<String> lines = Files.readAllLines(metricsCsv(), StandardCharsets.UTF_8);
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                if (i == 0) {
                    keep.add(line);
                    continue;
                }
                int itr = Integer.parseInt(line.substring(0, line.indexOf(',') > 0 ? line.indexOf(',') : line.length()));
                if (itr <= lastIteration) keep.add(line);
            }
            writeAtomically(metricsCsv(), String.join("\n", keep) + "\n");
        }
    }
}
