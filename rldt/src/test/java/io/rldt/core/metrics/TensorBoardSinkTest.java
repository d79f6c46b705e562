package io.rldt.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorBoardSink's files read back by TensorBoard's own readers (EventFileLoader, which checks both CRCs of
 * every record, and EventAccumulator) from the {@code tensorboard} wheel; every value compared exactly as float32.
 * Skips with one line without a Python that imports tensorboard ({@code .venv-gym}, see docs/gymnasium.md).
 */
@Tag("tensorboard")
class TensorBoardSinkTest {
    @TempDir Path dir;

    /** A run's records: eval metrics on some iterations, train metrics on the others, a NaN, large values. */
    static List<Map<String, Double>> records(int from, int to, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Map<String, Double>> out = new ArrayList<>();
        long envSteps = 0;
        for (int itr = 0; itr < from; itr++) if (itr % 5 != 0) envSteps += 1000;  // where a resumed run continues
        for (int itr = from; itr < to; itr++) {
            Map<String, Double> m = new LinkedHashMap<>();
            if (itr % 5 == 0) {
                m.put("eval/return_mean", -500 + 1000 * rng.nextDouble());
                m.put("eval/return_std", rng.nextDouble() * 1e-7);
            } else {
                envSteps += 1000;
                m.put("critic/q_mean", rng.nextGaussian() * 1e6);
                m.put("actor/loss_rl", itr == 7 ? Double.NaN : rng.nextGaussian());
            }
            m.put("train/env_steps", (double) envSteps);
            m.put("time/iteration_s", rng.nextDouble());
            out.add(m);
        }
        return out;
    }

    /** "run tag step" → float32 value; each key once (a duplicate would hide a double write). */
    static Map<String, Float> expected(List<Map<String, Double>> records, int from) {
        Map<String, Float> e = new TreeMap<>();
        for (int k = 0; k < records.size(); k++) {
            Map<String, Double> m = records.get(k);
            long envSteps = Math.round(m.get("train/env_steps"));
            for (Map.Entry<String, Double> x : m.entrySet()) {
                e.put(". " + x.getKey() + " " + (from + k), x.getValue().floatValue());
                if (!x.getKey().equals("train/env_steps")) {
                    // The first record at an env-step count wins (the sink writes each tag once per count).
                    e.putIfAbsent("env_steps vs_env_steps/" + x.getKey() + " " + envSteps, x.getValue().floatValue());
                }
            }
        }
        return e;
    }

    static String python() {
        List<String> candidates = new ArrayList<>();
        String chosen = System.getProperty("rldt.gym.python", System.getenv("RLDT_GYM_PYTHON"));
        if (chosen != null) {
            candidates.add(chosen);
        } else {
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isExecutable(p.resolve(".venv-gym/bin/python"))) {
                    candidates.add(p.resolve(".venv-gym/bin/python").toString());
                    break;
                }
            }
            candidates.add("/usr/bin/python3");
        }
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-c", "import tensorboard").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return c;
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
        assumeTrue(false, "skipped: no Python with tensorboard (tried " + candidates + "); run .ci/run or set -Drldt.gym.python=...");
        return null;
    }

    static List<String> read(String python, Path logdir) throws Exception {
        Path script = Path.of(TensorBoardSinkTest.class.getResource("/tensorboard/read_events.py").toURI());
        Process p = new ProcessBuilder(python, "-W", "ignore", script.toString(), logdir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError("read_events.py failed:\n" + out);
        return out.lines().toList();
    }

    /** The lines of one reader ("raw" or "acc") as "run tag step" → value; fails on a duplicate key. */
    static Map<String, Float> parse(List<String> lines, String reader) {
        Map<String, Float> got = new TreeMap<>();
        for (String l : lines) {
            String[] f = l.split(" ");
            if (!f[0].equals(reader)) continue;
            Float previous = got.put(f[1] + " " + f[2] + " " + f[3], (float) Double.parseDouble(hexToDecimal(f[4])));
            assertEquals(null, previous, "written twice: " + l);
        }
        return got;
    }

    /** Python's float.hex ("0x1.8p+1", "nan", "inf") in the form Double.parseDouble reads. */
    static String hexToDecimal(String hex) {
        return switch (hex) {
            case "nan" -> "NaN";
            case "inf" -> "Infinity";
            case "-inf" -> "-Infinity";
            default -> hex;
        };
    }

    static void assertSameValues(Map<String, Float> expected, Map<String, Float> got, String reader) {
        var missing = new java.util.TreeSet<>(expected.keySet());
        missing.removeAll(got.keySet());
        var extra = new java.util.TreeSet<>(got.keySet());
        extra.removeAll(expected.keySet());
        assertEquals(expected.keySet(), got.keySet(), reader + ": (run, tag, step) missing " + missing + ", unexpected " + extra);
        for (var e : expected.entrySet()) {
            assertEquals(Float.floatToIntBits(e.getValue()), Float.floatToIntBits(got.get(e.getKey())),
                    reader + ": " + e.getKey() + " expected " + e.getValue() + " got " + got.get(e.getKey()));
        }
    }

    @Test
    void tensorBoardReadsBackEveryValue() throws Exception {
        String python = python();
        List<Map<String, Double>> records = records(0, 23, 1);
        try (TensorBoardSink sink = new TensorBoardSink(dir)) {
            for (int i = 0; i < records.size(); i++) sink.log(i, records.get(i));
            sink.image(22, "particles", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 640, 480);
        }
        List<String> lines = read(python, dir);
        Map<String, Float> expected = expected(records, 0);
        assertSameValues(expected, parse(lines, "raw"), "EventFileLoader");
        assertSameValues(expected, parse(lines, "acc"), "EventAccumulator");
        assertEquals(List.of("img . particles 22 640 480 4"), lines.stream().filter(l -> l.startsWith("img")).toList());
    }

    @Test
    void aResumedRunReplacesTheOrphanedTail() throws Exception {
        String python = python();
        List<Map<String, Double>> first = records(0, 14, 2);    // killed after iteration 13
        List<Map<String, Double>> resumed = records(11, 20, 3); // the checkpoint was after iteration 10
        try (TensorBoardSink sink = new TensorBoardSink(dir)) {
            for (int i = 0; i < first.size(); i++) sink.log(i, first.get(i));
        }
        Thread.sleep(1100);  // a later file name (seconds), so the readers take the files in order
        try (TensorBoardSink sink = new TensorBoardSink(dir)) {
            for (int i = 0; i < resumed.size(); i++) sink.log(11 + i, resumed.get(i));
        }
        Map<String, Float> expected = new TreeMap<>(expected(first.subList(0, 11), 0));
        expected.putAll(expected(resumed, 11));
        assertSameValues(expected, parse(read(python, dir), "acc"), "EventAccumulator after a resume");
    }
}
