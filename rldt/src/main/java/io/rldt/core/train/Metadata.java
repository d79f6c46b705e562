package io.rldt.core.train;

import io.rldt.autodiff.io.CheckpointException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Reading the string metadata of the project's safetensors files (checkpoints, pretrained policies, SAC
 * snapshots): a missing key or a value of the wrong form is a {@link CheckpointException} naming the file, the
 * key, the value and what was expected.
 */
public final class Metadata {
    private Metadata() {}

    public static String require(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) throw new CheckpointException(file, null, "metadata '" + key + "' is missing");
        return v;
    }

    public static long longValue(Path file, Map<String, String> meta, String key) {
        String v = require(file, meta, key);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, null, "metadata '" + key + "' is '" + v + "', expected an integer");
        }
    }

    public static int intValue(Path file, Map<String, String> meta, String key) {
        long v = longValue(file, meta, key);
        if (v != (int) v) throw new CheckpointException(file, null, "metadata '" + key + "' is " + v + ", expected an int");
        return (int) v;
    }

    /** An int in {@code [min, max]} (sizes a file's network is built from are bounded before anything is allocated). */
    public static int intValue(Path file, Map<String, String> meta, String key, int min, int max) {
        long v = longValue(file, meta, key);
        if (v < min || v > max) {
            throw new CheckpointException(file, null, "metadata '" + key + "' is " + v + ", expected an integer in " + min + ".." + max);
        }
        return (int) v;
    }

    public static double doubleValue(Path file, Map<String, String> meta, String key) {
        String v = require(file, meta, key);
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, null, "metadata '" + key + "' is '" + v + "', expected a number");
        }
    }

    /** Comma-separated numbers, optionally in brackets ({@code 1.0,2.0} or {@code [1.0, 2.0]}); empty gives none. */
    public static double[] doubles(Path file, Map<String, String> meta, String key) {
        String v = require(file, meta, key), body = v.strip();
        if (body.startsWith("[") && body.endsWith("]")) body = body.substring(1, body.length() - 1).strip();
        if (body.isEmpty()) return new double[0];
        try {
            return Arrays.stream(body.split(",")).mapToDouble(x -> Double.parseDouble(x.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, null, "metadata '" + key + "' is '" + v + "', expected comma-separated numbers");
        }
    }

    /** Comma-separated integers; empty gives none. */
    public static long[] longs(Path file, Map<String, String> meta, String key) {
        String v = require(file, meta, key);
        if (v.isBlank()) return new long[0];
        try {
            return Arrays.stream(v.split(",")).mapToLong(x -> Long.parseLong(x.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, null, "metadata '" + key + "' is '" + v + "', expected comma-separated integers");
        }
    }

    /** Refuses NaN and ±inf in every tensor whose name starts with {@code prefix}, naming the tensor and the flat index. */
    public static void requireFinite(Path file, Map<String, io.rldt.engine.Tensor> tensors, String prefix) {
        for (Map.Entry<String, io.rldt.engine.Tensor> e : tensors.entrySet()) {
            if (!e.getKey().startsWith(prefix)) continue;
            int bad = io.rldt.autodiff.io.Safetensors.firstNonFinite(e.getValue().data(), e.getValue().size());
            if (bad >= 0) {
                throw new CheckpointException(file, e.getKey(), "holds " + e.getValue().data()[bad] + " at flat index " + bad
                        + "; expected finite values");
            }
        }
    }

    /** The inverse of {@link #doubles}: full-precision values joined by commas. */
    public static String join(double[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(Double::toString).toList());
    }
}
