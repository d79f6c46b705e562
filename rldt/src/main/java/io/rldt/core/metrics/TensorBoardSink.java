package io.rldt.core.metrics;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TensorBoard event files, so that {@code tensorboard --logdir runs} shows every run's metrics.
 *
 * <p>Two event files per sink, each a TensorBoard "run" of its own because each has its own x axis:
 * <ul>
 *   <li>{@code dir/events.out.tfevents.*}: every metric under its own tag ({@code critic/q_mean}), step =
 *       iteration;</li>
 *   <li>{@code dir/env_steps/events.out.tfevents.*}: every metric except the counter itself under
 *       {@code vs_env_steps/<tag>}, step = the record's {@code train/env_steps} (records without it are skipped;
 *       a tag already written at that count, such as an evaluation's {@code time/iteration_s}, is not repeated).
 *       The prefix keeps the two axes in separate charts (same tags in two runs would be overlaid).</li>
 * </ul>
 * Values are float32 (TensorBoard's {@code simple_value}); NaN stays NaN.
 *
 * <p>Each sink starts new files ({@code events.out.tfevents.<seconds>.rldt.<pid>.<n>}) and marks its first step
 * with a session start, after which TensorBoard discards the steps at or after it from the earlier files: a run
 * resumed from a checkpoint hides the orphaned tail it is recomputing. Flushes after every record.
 */
public final class TensorBoardSink implements MetricsSink {
    /** The tag family of the metrics plotted against environment steps. */
    public static final String ENV_STEPS_FAMILY = "vs_env_steps/";
    /** The metric whose value is the env-step axis. */
    public static final String ENV_STEPS_KEY = "train/env_steps";
    /** The subdirectory (TensorBoard run) of the env-step axis. */
    public static final String ENV_STEPS_DIR = "env_steps";

    private final EventFile byIteration;
    private final EventFile byEnvSteps;
    private final Map<String, Long> lastEnvSteps = new java.util.HashMap<>();

    /** Creates {@code dir} and {@code dir/env_steps} if needed and a new event file in each. */
    public TensorBoardSink(Path dir) {
        byIteration = new EventFile(dir);
        try {
            byEnvSteps = new EventFile(dir.resolve(ENV_STEPS_DIR));
        } catch (RuntimeException e) {
            byIteration.close();
            throw e;
        }
    }

    /** The event file of the iteration axis. */
    public Path file() { return byIteration.file; }

    /** The event file of the env-step axis. */
    public Path envStepsFile() { return byEnvSteps.file; }

    @Override
    public synchronized void log(int step, Map<String, Double> metrics) {
        List<String> tags = new ArrayList<>(metrics.size()), family = new ArrayList<>(metrics.size());
        double[] values = new double[metrics.size()];
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            values[tags.size()] = e.getValue() == null ? Double.NaN : e.getValue();
            tags.add(e.getKey());
        }
        byIteration.scalars(step, tags, values);
        Double envSteps = metrics.get(ENV_STEPS_KEY);
        if (envSteps == null || !Double.isFinite(envSteps)) return;
        double[] familyValues = new double[values.length];
        long x = Math.round(envSteps);
        for (int i = 0; i < tags.size(); i++) {
            // At most one point per tag and env-step count: an evaluation iteration logs at the count of the
            // iteration before it, and a second time/iteration_s at the same x would draw a vertical jump.
            if (tags.get(i).equals(ENV_STEPS_KEY) || lastEnvSteps.getOrDefault(tags.get(i), -1L) >= x) continue;
            lastEnvSteps.put(tags.get(i), x);
            familyValues[family.size()] = values[i];
            family.add(ENV_STEPS_FAMILY + tags.get(i));
        }
        if (!family.isEmpty()) byEnvSteps.scalars(x, family, java.util.Arrays.copyOf(familyValues, family.size()));
    }

    /** Adds a PNG (for example the particle picture) under {@code tag} at iteration {@code step}. */
    public synchronized void image(int step, String tag, byte[] png, int width, int height) {
        byIteration.write(TensorBoardEvents.image(now(), step, tag, png, width, height, 4));
    }

    @Override
    public synchronized void close() {
        try {
            byIteration.close();
        } finally {
            byEnvSteps.close();
        }
    }

    private static double now() { return System.currentTimeMillis() / 1000.0; }

    /** One event file: the file-version event, then a session start before the first scalars. */
    private static final class EventFile {
        private static int opened;
        final Path file;
        private final OutputStream out;
        private final TfRecordWriter records;
        private boolean started;

        EventFile(Path dir) {
            try {
                Files.createDirectories(dir);
                int n;
                synchronized (EventFile.class) {
                    n = opened++;
                }
                file = dir.resolve("events.out.tfevents." + System.currentTimeMillis() / 1000 + ".rldt."
                        + ProcessHandle.current().pid() + "." + n);
                out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
                records = new TfRecordWriter(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a TensorBoard event file in " + dir, e);
            }
            write(TensorBoardEvents.fileVersion(now()));
        }

        void scalars(long step, List<String> tags, double[] values) {
            double wall = now();
            if (!started) {
                started = true;
                write(TensorBoardEvents.sessionStart(wall, step));
            }
            write(TensorBoardEvents.scalars(wall, step, tags.toArray(String[]::new), values));
        }

        void write(byte[] event) {
            try {
                records.write(event);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write TensorBoard events to " + file, e);
            }
        }

        void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            }
        }
    }
}
