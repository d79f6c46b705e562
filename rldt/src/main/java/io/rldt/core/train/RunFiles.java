package io.rldt.core.train;

import io.rldt.autodiff.io.CheckpointException;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.ConfigException;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.RldtConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The layout of a run directory and the atomic-write helper every file in it goes through.
 * <pre>
 *   config.toml            the resolved configuration
 *   metadata.json          versions (Java, backend, MuJoCo), start time
 *   pretrained.safetensors the pretrained policy and its normalisation statistics
 *   checkpoint.safetensors the latest training state (see AgentCheckpoint)
 *   metrics.csv, metrics.jsonl  one record per iteration (reproducible numbers only)
 *   timings.csv            wall clock and heap per iteration (machine-dependent)
 *   summary.json           final figures
 *   timings.json           wall-clock seconds of the latest invocation
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
    /** Machine-dependent metrics ({@code time/*}, {@code mem/*}), kept out of metrics.csv/jsonl so those reproduce byte for byte. */
    public Path timingsCsv() { return dir.resolve("timings.csv"); }
    /** The wall-clock seconds of the latest invocation of the run (summary.json holds only reproducible numbers). */
    public Path timings() { return dir.resolve("timings.json"); }
    public Path learningCurve() { return dir.resolve("learning_curve.png"); }
    /** SAC actor snapshots, one file per evaluation that keeps one. */
    public Path snapshots() { return dir.resolve("snapshots"); }
    public Path snapshot(long step) { return snapshots().resolve(String.format("actor_step%08d.safetensors", step)); }

    /**
     * Writes {@code text} to {@code file} through a temporary file in the same directory and an atomic rename:
     * on any failure (disk full, read-only directory) the old file is intact, the temporary is gone, and the
     * error names {@code file}.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) { // "No space left on device" names no file
            throw new FileSystemException(file.toString(), null, e.getMessage());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * What a kill between creating and renaming a temporary leaves: {@code .<name><digits>.tmp} (this class,
     * the CSV sink, datasets) and {@code <name>.safetensors.<digits>.tmp} (checkpoints written before the
     * safetensors writer hid its temporaries too).
     */
    private static final java.util.regex.Pattern STALE = java.util.regex.Pattern.compile("\\..+\\.tmp|.+\\.safetensors\\.[0-9]+\\.tmp");

    /**
     * Deletes the temporary files that killed runs left in the run directory and in {@code snapshots/}. Call it
     * once when a run directory is opened, before anything writes there (two processes must not share a run
     * directory anyway). Returns the files removed; a missing directory removes nothing.
     */
    public List<Path> removeStaleTemporaries() throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path d : List.of(dir, snapshots())) {
            if (!Files.isDirectory(d)) continue;
            try (var entries = Files.newDirectoryStream(d, p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && STALE.matcher(p.getFileName().toString()).matches())) {
                for (Path p : entries) {
                    Files.deleteIfExists(p);
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    /** Checkpoint metadata key: the SHA-256 of the pretrained.safetensors the run started from. */
    public static final String PRETRAINED_SHA256 = "pretrained_sha256";

    /**
     * Before anything is loaded or pretrained: a checkpoint whose run directory lost its pretrained policy would
     * resume from a policy pretrained again (another starting point, another result), so it is refused.
     */
    public void requirePretrainedBesideCheckpoint() {
        if (Files.exists(checkpoint()) && !Files.exists(pretrained())) {
            throw new CheckpointException(checkpoint(), null, "the run's " + pretrained().getFileName() + " is missing: a "
                    + "resumed run would start from another pretrained policy; restore the file or start a new --run-dir");
        }
    }

    /**
     * Before a failed start's config.toml is replaced: a pretrained.safetensors that start made serves the rerun
     * only under the same task, policy, pretraining and seed. {@code before} reads the old config.toml as the
     * pretraining config it described.
     */
    public void requirePretrainedServes(Function<String, RldtConfig> before, RldtConfig now) throws IOException {
        if (!Files.exists(config()) || !Files.exists(pretrained())) return;
        RldtConfig then;
        try {
            then = before.apply(Files.readString(config()));
        } catch (ConfigException unreadable) {
            then = null;
        }
        if (then == null || !ConfigToml.samePretraining(then, now)) {
            throw new IllegalStateException("run directory " + dir + " holds a pretrained.safetensors made for another "
                    + "task, policy, pretraining or seed (by a start that failed); delete the directory or use a new one");
        }
    }

    /** The SHA-256 of pretrained.safetensors, in hex: what a checkpoint records to tie itself to its starting point. */
    public String pretrainedSha256() throws IOException {
        try (InputStream in = Files.newInputStream(pretrained())) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * After a checkpoint was loaded: it must continue this run. Its iteration must lie inside the run's
     * {@code iterations} (a larger one can only come from an edited or foreign file, and would end the run at
     * once reporting the pretrained score as final), and the pretrained policy must be the one it recorded
     * (checkpoints written before the digest existed skip that check).
     */
    public void requireResumable(int iteration, int iterations) throws IOException {
        if (iteration < 0 || iteration >= iterations) {
            throw new CheckpointException(checkpoint(), null, "loop.iteration = " + iteration + " lies outside this run's "
                    + "iterations 0.." + (iterations - 1) + " (loop.iterations = " + iterations + "); the checkpoint does not "
                    + "belong to this run: start a new --run-dir");
        }
        Map<String, String> meta = Safetensors.read(checkpoint()).metadata();
        String recorded = meta.get(PRETRAINED_SHA256);
        if (recorded != null && !recorded.equals(pretrainedSha256())) {
            throw new CheckpointException(checkpoint(), null, "the run's " + pretrained().getFileName() + " is not the one "
                    + "this checkpoint started from (SHA-256 differs); restore it or start a new --run-dir");
        }
    }

    /** Writes timings.json: the wall-clock seconds of this invocation (resumed runs: since the resume). */
    public void writeTimings(double seconds) throws IOException {
        writeAtomically(timings(), "{\n  \"seconds\": " + (Double.isFinite(seconds)
                ? String.format(java.util.Locale.ROOT, "%.1f", seconds) : "null") + "\n}\n");
    }

    /**
     * Drops metric rows after {@code lastIteration} (a killed run may have logged iterations its last
     * checkpoint does not contain; the resumed run logs them again).
     */
    public void truncateMetrics(int lastIteration) throws IOException {
        if (Files.exists(metricsJsonl())) {
            List<String> keep = new ArrayList<>();
            for (String line : completeLines(metricsJsonl())) {
                if (line.isBlank() || !line.startsWith("{\"iteration\": ") || !line.endsWith("}")) continue;
                int itr = Integer.parseInt(line.substring(line.indexOf(':') + 1, line.indexOf(',') > 0 ? line.indexOf(',') : line.indexOf('}')).trim());
                if (itr <= lastIteration) keep.add(line);
            }
            writeAtomically(metricsJsonl(), keep.isEmpty() ? "" : String.join("\n", keep) + "\n");
        }
        truncateCsv(metricsCsv(), lastIteration);
        truncateCsv(timingsCsv(), lastIteration);
    }

    /**
     * The lines of a metrics file that were written whole: every record ends with a newline, so text after the
     * last one is a record cut short by a kill or a full disk, and it is dropped (the resumed run logs it again).
     */
    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : new ArrayList<>(text.substring(0, end).lines().toList());
    }

    /** Keeps the header and the rows of iterations up to {@code lastIteration} of a CSV whose first column is the iteration. */
    private static void truncateCsv(Path csv, int lastIteration) throws IOException {
        if (!Files.exists(csv)) return;
        List<String> lines = completeLines(csv);
        List<String> keep = new ArrayList<>();
        if (lines.isEmpty()) { // not even the header was written whole: the sink starts the file again
            Files.delete(csv);
            return;
        }
        int cells = lines.getFirst().split(",", -1).length;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            if (i == 0) {
                keep.add(line);
                continue;
            }
            String first = line.substring(0, line.indexOf(',') > 0 ? line.indexOf(',') : line.length());
            // A row cut short (a kill or a full disk mid-write) has fewer cells than the header: it is logged again.
            if (line.split(",", -1).length != cells || !first.matches("-?[0-9]+")) continue;
            if (Integer.parseInt(first) <= lastIteration) keep.add(line);
        }
        writeAtomically(csv, String.join("\n", keep) + "\n");
    }
}
