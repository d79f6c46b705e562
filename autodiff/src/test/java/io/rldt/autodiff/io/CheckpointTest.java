package io.rldt.autodiff.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.autodiff.optim.Adam;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir Path dir;

    private static Mlp net(long seed) {
        return new Mlp(new int[] {3, 5, 2}, Activation.SILU, new Rng(seed));
    }

    private static Adam trainedOptimizer(Mlp net) {
        Adam opt = Adam.adam(net, 1e-2);
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            try (Tape t = Tape.record()) {
                t.backward(F.mean(F.square(net.forward(Var.constant(Ops.randn(new Rng(i), 4, 3))))));
            }
            opt.step();
        }
        return opt;
    }

    @Test
    void roundTripRestoresParametersOptimizerStateAndMetadata() throws IOException {
        Mlp a = net(1);
        Adam optA = trainedOptimizer(a);
        Path f = dir.resolve("ckpt.safetensors");
        Checkpoint.save(f, a, optA, Map.of("itr", "7"));
        Mlp b = net(2);
        Adam optB = Adam.adam(b, 1e-2);
        Map<String, String> meta = Checkpoint.load(f, b, optB);
        assertEquals("7", meta.get("itr"));
        assertEquals(3, optB.stepCount());
        for (String name : a.namedParameters().keySet()) {
            assertArrayEquals(a.namedParameters().get(name).value().toArray(), b.namedParameters().get(name).value().toArray(), name);
        }
        for (String k : optA.state().keySet()) assertArrayEquals(optA.state().get(k).toArray(), optB.state().get(k).toArray(), k);
        assertTrue(Safetensors.read(f).tensors().containsKey("optim.adam.m.layers.0.weight"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void fileLayoutFollowsTheSpecification() throws IOException {
        Path f = dir.resolve("x.safetensors");
        Safetensors.write(f, Map.of("w", Tensor.of(new float[] {1.5f, -2f}, 2, 1)), Map.of("k", "v\"q"));
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertEquals("{\"__metadata__\":{\"k\":\"v\\\"q\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]}}", header);
        assertEquals(1.5f, ByteBuffer.wrap(all, 8 + (int) n, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        assertEquals("v\"q", Safetensors.read(f).metadata().get("k"));
    }

    @Test
    void truncatedFilesFailNamingTheFile() throws IOException {
        Mlp a = net(1);
        Path f = dir.resolve("full.safetensors");
        Checkpoint.save(f, a, null, null);
        byte[] all = Files.readAllBytes(f);
        int headerEnd = 8 + (int) ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong();
        for (int cut : new int[] {0, 5, 8, 20, headerEnd, headerEnd + 3, all.length - 1}) {
            Path t = dir.resolve("cut" + cut + ".safetensors");
            Files.write(t, Arrays.copyOf(all, cut));
            var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(t, net(2), null), "cut at " + cut);
            assertTrue(e.getMessage().contains(t.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void corruptHeaderFails() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Checkpoint.save(f, net(1), null, null);
        byte[] all = Files.readAllBytes(f);
        all[9] = '#';
        Files.write(f, all);
        var e = assertThrows(CheckpointException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("corrupt header") && e.getMessage().contains("bad.safetensors"), e.getMessage());
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(f, all);
        assertTrue(assertThrows(CheckpointException.class, () -> Safetensors.read(f)).getMessage().contains("header length"));
    }

    @Test
    void mismatchedFilesNameTheTensorAndTheExpectation() throws IOException {
        Path f = dir.resolve("small.safetensors");
        Checkpoint.save(f, net(1), null, null);
        Mlp wider = new Mlp(new int[] {3, 6, 2}, Activation.SILU, new Rng(1));
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, wider, null));
        assertEquals("layers.0.weight", e.tensor());
        assertTrue(e.getMessage().contains("[5, 3]") && e.getMessage().contains("expected [6, 3]"), e.getMessage());
        Mlp deeper = new Mlp(new int[] {3, 5, 2, 2}, Activation.SILU, new Rng(1));
        var e2 = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, deeper, null));
        assertTrue(e2.getMessage().contains("missing"), e2.getMessage());
        var e3 = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, net(1), Adam.adam(net(1), 1)));
        assertTrue(e3.getMessage().contains("optim.adam.m.layers.0.weight"), e3.getMessage());
    }

    @Test
    void wrongDtypeFails() throws IOException {
        String h = "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        Path f = dir.resolve("f16.safetensors");
        ByteBuffer b = ByteBuffer.allocate(8 + h.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length()).put(h.getBytes(StandardCharsets.UTF_8));
        Files.write(f, b.array());
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, new LinkedHashMap<>(Map.of("w", Tensor.zeros(2)))));
        assertEquals("w", e.tensor());
        assertTrue(e.getMessage().contains("F16") && e.getMessage().contains("expected F32"), e.getMessage());
    }
}
