package io.rldt.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModulesTest {

    @Test
    void parameterNamesAreStableDottedPaths() {
        ResidualMlp net = new ResidualMlp(5, 8, 3, 2, Activation.RELU, new Rng(1));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.l1.weight", "layers.1.l1.bias",
                "layers.1.l2.weight", "layers.1.l2.bias", "layers.2.l1.weight", "layers.2.l1.bias",
                "layers.2.l2.weight", "layers.2.l2.bias", "layers.3.weight", "layers.3.bias"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"),
                List.copyOf(new TimeEmbedding(new Rng(1)).namedParameters().keySet()));
        assertEquals("layers.1.bias", List.copyOf(new Mlp(new int[] {2, 3, 1}, Activation.SILU, new Rng(1))
                .namedParameters().keySet()).get(3));
    }

    @Test
    void specBodyHasTheSpecSizes() {
        ResidualMlp body = ResidualMlp.spec(10, 4, new Rng(0));
        assertEquals(10 * 512 + 512 + 2 * (512 * 512 + 512) + 512 * 4 + 4, body.parameterCount());
        Var y = body.forward(Var.constant(Tensor.zeros(3, 10)));
        assertArrayEquals(new int[] {3, 4}, y.shape());
    }

    @Test
    void torchDefaultInitIsUniformWithinOneOverSqrtFanIn() {
        Linear l = new Linear(64, 256, new Rng(3));
        float bound = (float) (1 / Math.sqrt(64));
        float max = 0;
        double sumSq = 0;
        for (float w : l.weight().value().toArray()) {
            max = Math.max(max, Math.abs(w));
            sumSq += w * w;
        }
        assertTrue(max <= bound && max > 0.99f * bound, "max |w| " + max);
        // variance of U(±b) is b²/3
        assertEquals(bound * bound / 3, sumSq / (64 * 256), 0.05 * bound * bound / 3);
        for (float b : l.bias().value().toArray()) assertTrue(Math.abs(b) <= bound);
    }

    @Test
    void normalInitHasTheRequestedStdAndZeroBias() {
        Linear l = new Linear(100, 200, true, Init.normal(0.1), new Rng(4));
        double sumSq = 0;
        for (float w : l.weight().value().toArray()) sumSq += w * w;
        assertEquals(0.01, sumSq / 20000, 0.0005);
        assertArrayEquals(new float[200], l.bias().value().toArray());
    }

    @Test
    void initIsDeterministicPerSeed() {
        float[] a = new Mlp(new int[] {3, 8, 2}, Activation.TANH, new Rng(9)).layer(0).weight().value().toArray();
        float[] b = new Mlp(new int[] {3, 8, 2}, Activation.TANH, new Rng(9)).layer(0).weight().value().toArray();
        float[] c = new Mlp(new int[] {3, 8, 2}, Activation.TANH, new Rng(10)).layer(0).weight().value().toArray();
        assertArrayEquals(a, b);
        assertNotEquals(a[0], c[0]);
    }

    @Test
    void linearAcceptsBatchedInputsAndChecksWidth() {
        Linear l = new Linear(4, 2, new Rng(1));
        Tensor x = Ops.randn(new Rng(2), 2, 3, 4);
        Var y = l.forward(Var.constant(x));
        assertArrayEquals(new int[] {2, 3, 2}, y.shape());
        // row (1,2) equals the rank-2 result for that row
        Var row = l.forward(Var.constant(Ops.slice(Ops.slice(x, 0, 1, 2), 1, 2, 3).reshape(1, 4)));
        assertEquals(row.value().get(0, 1), y.value().get(1, 2, 1), 1e-6f);
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Var.constant(Tensor.zeros(2, 5))));
        assertTrue(e.getMessage().contains("[2, 5]"), e.getMessage());
    }

    @Test
    void layerNormModuleNormalisesRows() {
        LayerNorm ln = new LayerNorm(6);
        Var y = ln.forward(Var.constant(Ops.randn(new Rng(5), 4, 6)));
        Tensor mean = Ops.reduce(io.rldt.engine.ReduceOp.MEAN, y.value(), false, 1);
        for (float m : mean.toArray()) assertEquals(0, m, 1e-6);
    }

    @Test
    void timeEmbeddingMapsTimesToSixteenFeaturesAndBackpropagates() {
        TimeEmbedding emb = new TimeEmbedding(new Rng(6));
        Var t = Var.param(Tensor.of(new float[] {0f, 0.25f, 0.5f}, 3));
        try (Tape tape = Tape.record()) {
            Var e = emb.forward(t);
            assertArrayEquals(new int[] {3, 16}, e.shape());
            tape.backward(F.sum(e));
        }
        assertTrue(emb.namedParameters().get("fc1.weight").grad() != null);
        assertTrue(t.grad() != null);
    }

    @Test
    void copyFromMakesModulesEqual() {
        Mlp a = new Mlp(new int[] {2, 4, 1}, Activation.RELU, new Rng(1));
        Mlp b = new Mlp(new int[] {2, 4, 1}, Activation.RELU, new Rng(2));
        b.copyFrom(a);
        assertArrayEquals(a.layer(1).weight().value().toArray(), b.layer(1).weight().value().toArray());
        Mlp c = new Mlp(new int[] {2, 5, 1}, Activation.RELU, new Rng(2));
        var e = assertThrows(IllegalArgumentException.class, () -> c.copyFrom(a));
        assertTrue(e.getMessage().contains("layers.0.weight"), e.getMessage());
    }
}
