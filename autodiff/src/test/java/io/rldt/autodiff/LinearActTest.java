package io.rldt.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.rldt.autodiff.ops.LinearAct;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The fused {@code act(x·Wᵀ + b)} against the unfused ops it replaces: the same bits forward and backward
 * (every gradient), with and without bias, on awkward sizes; and the same forward under no-grad.
 */
class LinearActTest {
    private static final int[] SIZES = {1, 3, 7, 8, 13, 31, 64, 127, 1000};

    @Test
    void fusedEqualsUnfusedBitForBit() {
        for (LinearAct.Kind kind : LinearAct.Kind.values()) {
            UnaryOperator<Var> act = switch (kind) {
                case IDENTITY -> v -> v;
                case RELU -> F::relu;
                case SILU -> F::silu;
            };
            for (int size : SIZES) {
                int rows = Math.max(1, size / 3 + 1), in = size % 40 + 1, out = size;
                for (boolean bias : new boolean[] {true, false}) check(kind, act, rows, in, out, bias, size);
            }
        }
    }

    private static void check(LinearAct.Kind kind, UnaryOperator<Var> act, int rows, int in, int out, boolean bias,
                              long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Ops.randn(rng, rows, in), w = Ops.randn(rng, out, in), b = Ops.randn(rng, out);
        Tensor seedT = Ops.randn(rng, rows, out);
        Tensor[] fused, plain;
        Tensor yf, yp;
        String what = kind + " " + rows + "x" + in + "->" + out + (bias ? " bias" : "");
        try (Tape tape = Tape.record()) {
            Var xv = Var.param(x), wv = Var.param(w), bv = bias ? Var.param(b) : null;
            Var y = F.linear(xv, wv, bv, kind);
            yf = y.value();
            fused = bias ? tape.grad(y, seedT, xv, wv, bv) : tape.grad(y, seedT, xv, wv);
        }
        try (Tape tape = Tape.record()) {
            Var xv = Var.param(x), wv = Var.param(w), bv = bias ? Var.param(b) : null;
            Var y = act.apply(F.linear(xv, wv, bv));
            yp = y.value();
            plain = bias ? tape.grad(y, seedT, xv, wv, bv) : tape.grad(y, seedT, xv, wv);
        }
        assertArrayEquals(yp.toArray(), yf.toArray(), what + " forward");
        for (int i = 0; i < plain.length; i++) assertArrayEquals(plain[i].toArray(), fused[i].toArray(), what + " grad " + i);
        try (var ignored = Tape.noGrad()) {
            Var y = F.linear(Var.constant(x), Var.constant(w), bias ? Var.constant(b) : null, kind);
            assertArrayEquals(yp.toArray(), y.value().toArray(), what + " no-grad forward");
        }
    }

    @Test
    void siluUnderNoGradEqualsRecorded() {
        Tensor x = Ops.randn(new Rng(2), 13, 31);
        Tensor recorded;
        try (Tape tape = Tape.record()) {
            recorded = F.silu(Var.param(x)).value();
        }
        try (var ignored = Tape.noGrad()) {
            assertArrayEquals(recorded.toArray(), F.silu(Var.param(x)).value().toArray());
        }
    }
}
