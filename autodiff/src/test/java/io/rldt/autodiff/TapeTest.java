package io.rldt.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Tensor;
import org.junit.jupiter.api.Test;

class TapeTest {
    private static Var p(float... v) {
        return Var.param(Tensor.of(v, v.length));
    }

    @Test
    void backwardAccumulatesAcrossCallsAndZeroGradResets() {
        Var x = p(1, 2, 3);
        for (int k = 0; k < 2; k++) {
            try (Tape t = Tape.record()) {
                t.backward(F.sum(F.square(x))); // d/dx Σx² = 2x
            }
        }
        assertArrayEquals(new float[] {4, 8, 12}, x.grad().toArray());
        x.zeroGrad();
        assertArrayEquals(new float[] {0, 0, 0}, x.grad().toArray());
    }

    /**
     * A backward run inside a workspace scope (a training step recycling its activations) must not put the
     * parameters' gradient buffers in the scope: after it closes, the next scope's tensors would reuse them.
     */
    @Test
    void gradientBuffersCreatedInsideAWorkspaceScopeOutliveIt() {
        io.rldt.engine.Workspace ws = new io.rldt.engine.Workspace();
        Var x = p(1, 2, 3), y = p(4, 5, 6);
        try (var scope = ws.scope(); Tape t = Tape.record()) {
            t.backward(F.sum(F.square(x)));                       // x.grad created by the tape's accumulation
            y.gradOrZeros();                                        // y.grad created by an optimiser's request
        }
        float[] gx = x.grad().data(), gy = y.grad().data();
        try (var scope = ws.scope()) {                             // takes every array the first scope lent, and more
            for (int k = 0; k < 16; k++) java.util.Arrays.fill(Tensor.zeros(3).data(), 99f);
        }
        assertArrayEquals(new float[] {2, 4, 6}, gx);
        assertArrayEquals(new float[] {0, 0, 0}, gy);
    }

    @Test
    void backwardOntoChosenLeavesLeavesTheOthersUntouched() {
        // y = Σ (w·x)²: the full backward gives both gradients; restricted to x, w.grad stays null.
        Var w = p(2, -1), x = p(3, 4);
        try (Tape t = Tape.record()) {
            t.backward(F.sum(F.square(F.mul(w, x))), java.util.List.of(x));
        }
        assertNull(w.grad(), "w was not asked for");
        assertArrayEquals(new float[] {2 * 2 * 2 * 3, 2 * 1 * -1 * 4 * -1}, x.grad().toArray()); // 2w²x
        Var w2 = p(2, -1), x2 = p(3, 4);
        try (Tape t = Tape.record()) {
            t.backward(F.sum(F.square(F.mul(w2, x2))));
        }
        assertArrayEquals(x2.grad().toArray(), x.grad().toArray(), "same gradient as the full backward");
        Var c = Var.constant(Tensor.of(new float[] {1}, 1));
        try (Tape t = Tape.record()) {
            Var y = F.sum(F.mul(c, x));
            assertThrows(IllegalArgumentException.class, () -> t.backward(y, java.util.List.of(c)));
        }
    }

    @Test
    void sharedInputAccumulatesOverBothPaths() {
        Var x = p(3);
        try (Tape t = Tape.record()) {
            t.backward(F.sum(F.mul(x, F.mul(x, x)))); // x³ through a diamond: 3x² = 27
        }
        assertEquals(27f, x.grad().item());
    }

    @Test
    void gradWrtInputsLeavesParameterGradsUntouched() {
        Var w = p(2, -1);
        Var a = p(0.5f, 4);
        try (Tape t = Tape.record()) {
            Var q = F.sum(F.mul(w, F.square(a))); // ∂q/∂a = 2·w·a
            Tensor[] g = t.grad(q, a);
            assertArrayEquals(new float[] {2, -8}, g[0].toArray());
            assertNull(w.grad());
            assertNull(a.grad());
            // unrelated variables get zeros
            assertArrayEquals(new float[] {0}, t.grad(q, p(1))[0].toArray());
            // and the tape is still usable for backward afterwards
            t.backward(q);
            assertArrayEquals(new float[] {0.25f, 16}, w.grad().toArray());
        }
    }

    @Test
    void gradWrtIntermediateAndRejectsConstants() {
        Var x = p(1, 2);
        try (Tape t = Tape.record()) {
            Var h = F.scale(x, 3f);
            Var y = F.sum(F.square(h)); // ∂y/∂h = 2h = (6, 12)
            assertArrayEquals(new float[] {6, 12}, t.grad(y, h)[0].toArray());
            var e = assertThrows(IllegalArgumentException.class, () -> t.grad(y, Var.constant(Tensor.zeros(2))));
            assertTrue(e.getMessage().contains("Var.param"), e.getMessage());
        }
    }

    @Test
    void noGradAndDetachStopRecording() {
        Var x = p(1, 2);
        try (Tape t = Tape.record()) {
            try (var _ = Tape.noGrad()) {
                Var y = F.square(x);
                assertFalse(y.requiresGrad());
                assertFalse(Tape.isRecording());
            }
            assertTrue(Tape.isRecording());
            assertEquals(0, t.size());
            Var y = F.mul(x, F.detach(F.square(x))); // sg[x²]·x: gradient x²
            t.backward(F.sum(y));
            assertArrayEquals(new float[] {1, 4}, x.grad().toArray());
        }
        assertFalse(Tape.isRecording());
    }

    @Test
    void scopesNestAndRestore() {
        try (Tape outer = Tape.record()) {
            try (Tape inner = Tape.record()) {
                assertSame(inner, Tape.current());
            }
            assertSame(outer, Tape.current());
        }
        assertNull(Tape.current());
    }

    @Test
    void longChainsNeedNoRecursion() {
        Var x = p(1);
        try (Tape t = Tape.record()) {
            Var y = x;
            for (int i = 0; i < 100_000; i++) y = F.affine(y, 1f, 0f);
            t.backward(F.sum(y));
        }
        assertEquals(1f, x.grad().item());
    }

    @Test
    void errorsNameTheOpAndShapes() {
        Var a = Var.param(Tensor.zeros(2, 3)), b = Var.param(Tensor.zeros(4, 5));
        var e = assertThrows(IllegalArgumentException.class, () -> F.matmul(a, b));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"),
                e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> F.add(a, b));
        assertTrue(e2.getMessage().startsWith("add on") && e2.getMessage().contains("[4, 5]"), e2.getMessage());
        try (Tape t = Tape.record()) {
            Var y = F.square(a);
            var e3 = assertThrows(IllegalArgumentException.class, () -> t.backward(y));
            assertTrue(e3.getMessage().contains("[2, 3]"), e3.getMessage());
        }
    }

    @Test
    void stableFunctionsStayFiniteAtExtremes() {
        Var x = Var.constant(Tensor.of(new float[] {-100, 100}, 2));
        assertArrayEquals(new float[] {0, 100}, F.softplus(x).value().toArray(), 1e-30f);
        float[] ld = F.log1mTanhSq(x).value().toArray();
        float expected = (float) (2 * (Math.log(2) - 100)); // log(1 − tanh²u) ≈ 2·(log 2 − |u|)
        assertEquals(expected, ld[0], 1e-4f);
        assertEquals(expected, ld[1], 1e-4f);
        assertArrayEquals(new float[] {0, 1}, F.sigmoid(x).value().toArray(), 1e-30f);
    }
}
