package io.rldt.autodiff;

import static io.rldt.autodiff.GradCheck.uniform;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every op (and the composites in {@link F}) against a double-precision finite difference; see {@link GradCheck}. */
class OpGradientTest {
    private final Rng rng = new Rng(7);
    private final List<DynamicTest> tests = new ArrayList<>();

    private Tensor u(int... shape) {
        return uniform(rng, -2f, 2f, shape);
    }

    private Tensor range(float lo, float hi, int[] shape, float... kinks) {
        return uniform(rng, lo, hi, shape, kinks);
    }

    private void add(String name, GradCheck.Graph g, GradCheck.RefFn r, Tensor... in) {
        tests.add(dynamicTest(name, () -> GradCheck.check(name, g, r, in)));
    }

    private void unary(String name, java.util.function.UnaryOperator<Var> f, DoubleUnaryOperator ref, Tensor x) {
        add(name, in -> f.apply(in[0]), in -> in[0].map(ref), x);
    }

    private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }
    private static double softplus(double x) { return Math.log1p(Math.exp(x)); }

    @TestFactory
    List<DynamicTest> ops() {
        int[] s = {3, 4};
        // matmul: all transpose combinations, batched, and a rank-2 operand broadcast over a batch
        for (int ta = 0; ta < 2; ta++) {
            for (int tb = 0; tb < 2; tb++) {
                boolean a = ta == 1, b = tb == 1;
                add("matmul ta=" + a + " tb=" + b, in -> F.matmul(in[0], a, in[1], b),
                        in -> Ref.matmul(in[0], a, in[1], b), u(a ? new int[] {4, 3} : new int[] {3, 4}),
                        u(b ? new int[] {5, 4} : new int[] {4, 5}));
            }
        }
        add("matmul batched", in -> F.matmul(in[0], in[1]), in -> Ref.matmul(in[0], false, in[1], false), u(2, 3, 4), u(2, 4, 5));
        add("matmul broadcast a, bᵀ", in -> F.matmul(in[0], false, in[1], true),
                in -> Ref.matmul(in[0], false, in[1], true), u(3, 4), u(2, 5, 4));
        add("matmul batched aᵀ, broadcast b", in -> F.matmul(in[0], true, in[1], false),
                in -> Ref.matmul(in[0], true, in[1], false), u(2, 4, 3), u(4, 5));
        add("biasAdd", in -> F.biasAdd(in[0], in[1]), in -> in[0].add(in[1]), u(2, 3, 4), u(4));
        add("linear rank 3", in -> F.linear(in[0], in[1], in[2]),
                in -> Ref.matmul(in[0].reshape(6, 4), false, in[1], true).add(in[2]).reshape(2, 3, 5), u(2, 3, 4), u(5, 4), u(5));
        // broadcasting binary ops
        add("add broadcast", in -> F.add(in[0], in[1]), in -> in[0].add(in[1]), u(2, 1, 4), u(3, 1));
        add("sub broadcast", in -> F.sub(in[0], in[1]), in -> in[0].sub(in[1]), u(3, 4), u(4));
        add("mul broadcast", in -> F.mul(in[0], in[1]), in -> in[0].mul(in[1]), u(1, 4), u(3, 1));
        add("div broadcast", in -> F.div(in[0], in[1]), in -> in[0].zip(in[1], (x, y) -> x / y), u(3, 4), range(0.5f, 2f, new int[] {4}));
        add("div scalar", in -> F.div(in[0], in[1]), in -> in[0].zip(in[1], (x, y) -> x / y), u(3, 4), range(-2f, -0.5f, new int[0]));
        add("maximum", in -> F.maximum(in[0], in[1]), in -> in[0].zip(in[1], Math::max), u(3, 4), u(4));
        add("minimum", in -> F.minimum(in[0], in[1]), in -> in[0].zip(in[1], Math::min), u(3, 4), u(3, 1));
        // elementwise unary
        unary("neg", F::neg, x -> -x, u(s));
        unary("affine", x -> F.affine(x, -1.5f, 0.25f), x -> -1.5 * x + 0.25, u(s));
        unary("relu", F::relu, x -> Math.max(x, 0), range(-2, 2, s, 0f));
        unary("silu", F::silu, x -> x * sigmoid(x), range(-6, 6, s));
        unary("mish", F::mish, x -> x * Math.tanh(softplus(x)), range(-6, 6, s));
        unary("tanh", F::tanh, Math::tanh, range(-3, 3, s));
        unary("sigmoid", F::sigmoid, GradCheckSupport::sigmoid, range(-8, 8, s));
        unary("exp", F::exp, Math::exp, u(s));
        unary("log", F::log, Math::log, range(0.2f, 3, s));
        unary("softplus", F::softplus, x -> x > 30 ? x : softplus(x), range(-25, 25, s));
        unary("square", F::square, x -> x * x, u(s));
        unary("sqrt", F::sqrt, Math::sqrt, range(0.2f, 3, s));
        unary("abs", F::abs, Math::abs, range(-2, 2, s, 0f));
        unary("pow 2.5", x -> F.pow(x, 2.5), x -> Math.pow(x, 2.5), range(0.2f, 2, s));
        unary("pow 3", x -> F.pow(x, 3), x -> x * x * x, u(s));
        unary("sin", F::sin, Math::sin, range(-4, 4, s));
        unary("cos", F::cos, Math::cos, range(-4, 4, s));
        unary("clamp", x -> F.clamp(x, -1f, 0.5f), x -> Math.min(Math.max(x, -1), 0.5), range(-2, 2, s, -1f, 0.5f));
        unary("log1mTanhSq", F::log1mTanhSq, x -> Math.log(1 - Math.tanh(x) * Math.tanh(x)), range(-6, 6, s));
        // reductions
        add("sum axis 1 keep", in -> F.sum(in[0], true, 1), in -> in[0].sum(true, 1), u(2, 3, 4));
        add("sum axes 0,2", in -> F.sum(in[0], false, 0, -1), in -> in[0].sum(false, 0, 2), u(2, 3, 4));
        add("sum all", in -> F.sum(in[0]), in -> in[0].sum(false), u(2, 3, 4));
        add("mean axis 0", in -> F.mean(in[0], false, 0), in -> in[0].sum(false, 0).map(x -> x / 2), u(2, 3, 4));
        add("mean all keep", in -> F.mean(in[0], true), in -> in[0].sum(true).map(x -> x / 24), u(2, 3, 4));
        // layout
        add("concat axis 1", in -> F.concat(1, in[0], in[1], in[2]), in -> Ref.concat(1, in[0], in[1], in[2]), u(2, 3), u(2, 1), u(2, 2));
        add("concat axis 0", in -> F.concat(0, in[0], in[1]), in -> Ref.concat(0, in[0], in[1]), u(1, 3), u(2, 3));
        add("slice", in -> F.slice(in[0], 1, 1, 3), in -> in[0].slice(1, 1, 3), u(2, 4, 3));
        add("reshape", in -> F.reshape(in[0], 4, -1), in -> in[0].reshape(4, 6), u(2, 3, 4));
        add("permute", in -> F.permute(in[0], 2, 0, 1), in -> in[0].permute(2, 0, 1), u(2, 3, 4));
        add("transpose", in -> F.transpose(in[0]), in -> in[0].permute(0, 2, 1), u(2, 3, 4));
        add("indexSelect rows with repeats", in -> F.indexSelect(in[0], 0, 2, 0, 2, 1), in -> in[0].indexSelect(0, 2, 0, 2, 1), u(3, 4));
        add("indexSelect axis 1", in -> F.indexSelect(in[0], 1, 3, 3), in -> in[0].indexSelect(1, 3, 3), u(2, 4));
        // normalisation, losses, distributions
        add("layerNorm affine", in -> F.layerNorm(in[0], in[1], in[2], 1e-5f),
                in -> GradCheckSupport.layerNorm(in[0], 1e-5).mul(in[1]).add(in[2]), u(2, 3, 5), u(5), u(5));
        add("layerNorm plain", in -> F.layerNorm(in[0], 1e-5f), in -> GradCheckSupport.layerNorm(in[0], 1e-5), u(4, 6));
        add("mse", in -> F.mse(in[0], in[1]), in -> in[0].sub(in[1]).map(x -> x * x).sum(false).map(x -> x / 12), u(3, 4), u(3, 4));
        add("gaussianLogProb", in -> F.gaussianLogProb(in[0], in[1], in[2]), GradCheckSupport::gaussianLogProb,
                u(3, 4), u(3, 4), range(-1, 1, new int[] {4}));
        add("tanhSquash action", in -> F.tanhSquash(in[0]).action(), in -> in[0].map(Math::tanh), u(3, 2));
        add("tanhSquash logDet", in -> F.tanhSquash(in[0]).logDetJacobian(),
                in -> in[0].map(x -> Math.log(1 - Math.tanh(x) * Math.tanh(x))).sum(false, 1), range(-4, 4, new int[] {3, 2}));
        add("sinusoidalEmbedding", in -> F.sinusoidalEmbedding(in[0], 8), in -> GradCheckSupport.sinusoidal(in[0], 8), range(0, 1, new int[] {3}));
        return tests;
    }
}
