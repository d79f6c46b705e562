package io.rldt.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fluent methods on {@link Var} are the {@link F} functions with the receiver as first operand: same values,
 * same gradients, bit for bit, on one loss that uses every one of them.
 */
class FluentVarTest {
    private static Tensor random(Rng rng, float offset, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = offset + (float) rng.nextGaussian();
        return t;
    }

    private record Result(float value, float[] gradA, float[] gradB) {}

    private static Result run(Tensor a0, Tensor b0, Tensor c, Function<Var[], Var> loss) {
        Var a = Var.param(a0.copy()), b = Var.param(b0.copy());
        try (Tape tape = Tape.record()) {
            Var l = loss.apply(new Var[] {a, b});
            tape.backward(l);
            return new Result(l.item(), a.grad().data().clone(), b.grad().data().clone());
        }
    }

    @Test
    void fluent_chain_equals_nested_F_calls_exactly() {
        Rng rng = new Rng(7);
        Tensor a = random(rng, 0f, 5, 3), b = random(rng, 3f, 5, 3), c = random(rng, 0f, 5, 3);
        Result fluent = run(a, b, c, v -> v[0].mul(v[1]).add(c).sub(v[1].abs().plus(1f).log())
                .div(v[1].square().plus(1f).sqrt()).max(v[0].tanh()).min(v[1].exp().neg().plus(10f))
                .clamp(-3f, 3f).mul(c).sub(c).add(v[0].scale(0.5f)).reshape(15).mean(false, 0).sum()
                .add(v[0].sum(false, 1).mean()).scale(-2f));
        Result nested = run(a, b, c, v -> F.scale(F.add(F.sum(F.mean(F.reshape(F.add(F.sub(F.mul(F.clamp(F.minimum(
                F.maximum(F.div(F.sub(F.add(F.mul(v[0], v[1]), Var.constant(c)), F.log(F.addScalar(F.abs(v[1]), 1f))),
                        F.sqrt(F.addScalar(F.square(v[1]), 1f))), F.tanh(v[0])),
                F.addScalar(F.neg(F.exp(v[1])), 10f)), -3f, 3f), Var.constant(c)), Var.constant(c)),
                F.scale(v[0], 0.5f)), 15), false, 0)), F.mean(F.sum(v[0], false, 1))), -2f));
        assertArrayEquals(new float[] {nested.value()}, new float[] {fluent.value()});
        assertArrayEquals(nested.gradA(), fluent.gradA());
        assertArrayEquals(nested.gradB(), fluent.gradB());
    }
}
