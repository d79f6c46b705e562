package io.rldt.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Differentiating a value the tape never saw is an error naming the value, not a silent null gradient. */
class TapeMisuseTest {
    private static Var w() {
        return Var.param("w", Tensor.of(new float[] {1, 2}, 2));
    }

    @Test
    void aLossBuiltOutsideTheTapeIsNamed() {
        Var w = w();
        Var loss = F.sum(F.square(w)).named("loss");
        try (Tape t = Tape.record()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.backward(loss));
            assertTrue(e.getMessage().contains("loss[]") && e.getMessage().contains("no tape was recording"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> t.backward(loss, List.of(w)));
        }
    }

    @Test
    void aLossBuiltUnderNoGradIsNamed() {
        Var w = w();
        try (Tape t = Tape.record()) {
            Var loss;
            try (var _ = Tape.noGrad()) {
                loss = F.sum(F.square(w));
            }
            Var l = loss;
            assertThrows(IllegalStateException.class, () -> t.backward(l));
        }
    }

    @Test
    void aLossFromAnEarlierTapeIsNamed() {
        Var w = w();
        Var loss;
        try (Tape first = Tape.record()) {
            loss = F.sum(F.square(w)).named("old");
        }
        try (Tape t = Tape.record()) {
            Var l = loss;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.backward(l));
            assertTrue(e.getMessage().contains("old[]") && e.getMessage().contains("another tape"), e.getMessage());
            IllegalStateException g = assertThrows(IllegalStateException.class, () -> t.grad(l, w));
            assertTrue(g.getMessage().startsWith("grad:"), g.getMessage());
        }
    }

    @Test
    void leavesAndConstantsStillWork() {
        Var w = w();
        try (Tape t = Tape.record()) {
            t.backward(w, Tensor.of(new float[] {3, 4}, 2)); // a parameter is its own output
            t.backward(F.sum(Var.constant(Tensor.ones(2))));  // depends on nothing trainable: no gradient, no error
            Var loss = F.sum(F.square(w));
            t.backward(loss, List.of(w));
        }
        assertArrayEquals(new float[] {5, 8}, w.grad().toArray());
    }
}
