package io.rldt.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.core.config.PolicyConfig;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.SimdBackend;
import io.rldt.engine.Tensor;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The first layer computed in parts (cached observation term, per-distinct-time term; recorded and no-grad)
 * and the distinct-time shortcut against the plain concatenation: the same outputs and parameter gradients
 * within float tolerance, with several times and a single time, and sampling against the plain chain.
 */
class VelocityNetSplitTest {
    private static final PolicyConfig CFG = new PolicyConfig(4, 64, 1, 16, 32, true);
    private static final double TOL = 2e-5;

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        double scale = 0;
        for (float v : expected.data()) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.data()[i], actual.data()[i], TOL * (1 + scale), what + " [" + i + "]");
        }
    }

    private static Map<String, Tensor> gradients(VelocityNet net, Supplier<Var> out, Tensor seed) {
        net.zeroGrad();
        try (Tape tape = Tape.record()) {
            tape.backward(out.get(), seed);
        }
        Map<String, Tensor> g = new java.util.LinkedHashMap<>();
        net.namedParameters().forEach((name, p) -> g.put(name, p.grad() == null ? null : p.grad().copy()));
        return g;
    }

    @Test
    void outputsAndGradientsMatchTheConcatenation() {
        for (int n : new int[] {1, 3, 13, 64}) {
            for (boolean oneTime : new boolean[] {false, true}) {
                Rng rng = new Rng(n);
                VelocityNet net = new VelocityNet(5, 3, CFG, rng.split());
                Var x = Var.constant(Ops.randn(rng, n, 3)), s = Var.constant(Ops.randn(rng, n, 5));
                Tensor t = Tensor.zeros(n, 1);
                for (int i = 0; i < n; i++) t.data()[i] = oneTime ? 0.25f : (i % 4) / 4f;
                Var tv = Var.constant(t);
                Tensor seed = Ops.randn(rng, n, 3);
                String what = "n=" + n + (oneTime ? " one time" : " K times");
                Tensor expected = net.forwardConcat(x, tv, s).value();
                assertClose(expected, net.forward(x, tv, s).value(), what + " distinct-time path");
                try (var ignored = Tape.noGrad()) {
                    assertClose(expected, ChainEvaluation.forward(net, x, tv, ChainEvaluation.condition(net, s)).value(),
                            what + " parts, no grad");
                }
                Map<String, Tensor> plain = gradients(net, () -> net.forwardConcat(x, tv, s), seed);
                Map<String, Tensor> dedup = gradients(net, () -> net.forward(x, tv, s), seed);
                Map<String, Tensor> split = gradients(net,
                        () -> ChainEvaluation.forward(net, x, tv, ChainEvaluation.condition(net, s)), seed);
                assertEquals(plain.keySet(), split.keySet());
                plain.forEach((name, g) -> assertClose(g, split.get(name), what + " parts, grad " + name));
                plain.forEach((name, g) -> assertClose(g, dedup.get(name), what + " distinct-time grad " + name));
            }
        }
    }

    @Test
    void samplingWithTheCachedObservationTermMatchesThePlainChain() {
        assertSamplingMatchesThePlainChain(3);
    }

    @Test
    void samplingMatchesThePlainChainWhenTheActionAndTimeSlicesHaveOneShape() {
        // D = E = 16: W_x and W_t are the same shape, so a cache keyed by shape and a recycled array would swap them.
        Backend before = Backends.current();
        try {
            Backends.use(new SimdBackend(1));
            assertSamplingMatchesThePlainChain(CFG.timeEmbedding());
        } finally {
            Backends.use(before);
        }
    }

    private static void assertSamplingMatchesThePlainChain(int actionDim) {
        Rng rng = new Rng(3);
        VelocityNet net = new VelocityNet(5, actionDim, CFG, rng.split());
        FlowPolicy policy = new FlowPolicy(net, CFG.denoisingSteps());
        Tensor obs = Ops.randn(rng, 37, 5);
        Chain chain = policy.sample(obs, new Rng(11), false);
        // the plain chain: x_{k+1} = x_k + v(x_k, t_k, s)/K through the concatenation
        Tensor x = chain.state(0);
        try (var ignored = Tape.noGrad()) {
            for (int k = 0; k < CFG.denoisingSteps(); k++) {
                Tensor v = net.forwardConcat(Var.constant(x), Var.constant(Tensor.full(policy.time(k), 37, 1)),
                        Var.constant(obs)).value();
                x = Ops.add(x, Ops.scale(v, 1f / CFG.denoisingSteps()));
            }
        }
        assertClose(x, chain.actions(), "x_K");
    }
}
