package io.rldt.autodiff.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not checkpoints, or checkpoints that lie: one error naming the file, never OOM or a hang. */
class SafetensorsHostileTest {
    @TempDir Path dir;

    private static Mlp net(long seed) {
        return new Mlp(new int[] {3, 5, 2}, Activation.SILU, new Rng(seed));
    }

    @Test
    void devicesAreRefusedWithoutReading() throws IOException {
        for (String dev : new String[] {"/dev/zero", "/dev/urandom"}) {
            assumeTrue(Files.exists(Path.of(dev)), dev + " exists");
            Path link = dir.resolve("checkpoint.safetensors");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(dev));
            CheckpointException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(CheckpointException.class, () -> Checkpoint.load(link, net(1), null)));
            assertTrue(e.getMessage().contains("checkpoint.safetensors") && e.getMessage().contains("not a regular file"),
                    e.getMessage());
        }
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsOneError() throws IOException {
        Path d = Files.createDirectory(dir.resolve("checkpoint.safetensors"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(d));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        CheckpointException missing = assertThrows(CheckpointException.class, () -> Safetensors.read(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aHugeHeaderLengthIsCheckedAgainstTheFileSize() throws IOException {
        Path f = dir.resolve("big.safetensors");
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(50L << 20); // 50 MB of header announced, under the format's limit, but the file has 64 bytes
        Files.write(f, b.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void aTensorAnnouncingMoreDataThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        Path f = dir.resolve("lies.safetensors");
        String h = "{\"w\":{\"dtype\":\"F32\",\"shape\":[500000000],\"data_offsets\":[0,2000000000]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + h.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length()).put(h.getBytes());
        Files.write(f, b.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheTensorAndIndex() throws IOException {
        Mlp a = net(1);
        Path f = dir.resolve("nan.safetensors");
        Map<String, Tensor> t = Checkpoint.of("", a);
        String victim = t.keySet().iterator().next();
        Map<String, Tensor> bad = new LinkedHashMap<>(t);
        Tensor poisoned = t.get(victim).copy();
        poisoned.data()[3] = Float.NaN;
        bad.put(victim, poisoned);
        Safetensors.write(f, bad, Map.of());
        Mlp b = net(2);
        float[] before = b.namedParameters().get(victim).value().toArray();
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, b, null));
        assertTrue(e.getMessage().contains(victim) && e.getMessage().contains("NaN at index 3"), e.getMessage());
        assertArrayEquals(before, b.namedParameters().get(victim).value().toArray(), "nothing loaded");

        poisoned.data()[3] = Float.POSITIVE_INFINITY;
        Safetensors.write(f, bad, Map.of());
        CheckpointException inf = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(f, "", b));
        assertTrue(inf.getMessage().contains(victim) && inf.getMessage().contains("Infinity at index 3"), inf.getMessage());
    }

    @Test
    void loadWeightsTakesAPrefixAndSkipsOptimizerState() throws IOException {
        Mlp a = net(1);
        Path f = dir.resolve("w.safetensors");
        Checkpoint.save(f, a, io.rldt.autodiff.optim.Adam.adam(a, 1e-3), Map.of("k", "v"));
        Mlp b = net(2);
        Map<String, String> meta = Checkpoint.loadWeights(f, "", b);
        assertTrue("v".equals(meta.get("k")));
        for (String n : a.namedParameters().keySet()) {
            assertArrayEquals(a.namedParameters().get(n).value().toArray(), b.namedParameters().get(n).value().toArray(), n);
        }
        Map<String, Tensor> prefixed = new LinkedHashMap<>();
        Checkpoint.add(prefixed, "actor.", a);
        Safetensors.write(f, prefixed, Map.of());
        Checkpoint.loadWeights(f, "actor.", net(3));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(f, "", net(3)));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("unexpected [actor."), e.getMessage());
    }
}
