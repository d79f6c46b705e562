package io.rldt.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.nn.ResidualMlp;
import io.rldt.autodiff.nn.TimeEmbedding;
import io.rldt.autodiff.optim.Adam;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reproduces PyTorch's outputs and gradients from {@code golden/autodiff_golden.txt}, written by
 * {@code src/test/python/make_golden.py} (see its docstring for the format), within
 * {@link AutodiffTolerances#GOLDEN_REL}: parameters are copied into our modules by their dotted names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenTest {
    private Map<String, Tensor> golden;
    private Backend previous;

    /**
     * The backend the fixture is loaded on and the ops run on: null for the process default; subclasses run the
     * same cases on other backends (a device's: inputs, parameters and results then live in its memory).
     */
    protected Backend backend() {
        return null;
    }

    @BeforeAll
    void load() throws IOException {
        Backend b = backend();
        if (b != null) previous = Backends.use(b);
        golden = new HashMap<>();
        try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/autodiff_golden.txt")) {
            assertNotNull(in, "fixture golden/autodiff_golden.txt is missing");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split(" ");
                int[] shape = f[1].equals("-") ? new int[0] : java.util.Arrays.stream(f[1].split(",")).mapToInt(Integer::parseInt).toArray();
                float[] v = new float[f.length - 2];
                for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(f[i + 2]);
                golden.put(f[0], Tensor.of(v, shape));
            }
        }
        if (b != null && b.device() != null) {
            assertFalse(golden.values().iterator().next().onHost(), "the fixture lives on " + b.name() + "'s device");
        }
    }

    @AfterAll
    void restore() {
        if (previous != null) Backends.use(previous);
    }

    private Tensor g(String name) {
        Tensor t = golden.get(name);
        assertNotNull(t, "fixture has no tensor " + name);
        return t;
    }

    private Var input(String name) {
        return Var.param(g(name).copy()).named(name);
    }

    /** Copies the fixture's parameters {@code prefix + name} into {@code m}. */
    private void loadParams(String prefix, Module m) {
        m.namedParameters().forEach((n, v) -> {
            Tensor src = g(prefix + n);
            assertArrayEquals(src.shape(), v.shape(), n);
            v.value().assign(src.toArray()); // an announced copy where the parameter lives (heap or device)
        });
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertNotNull(actual, what + " is null");
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        GradCheck.compare(what, actual.toDoubles(), expected.toDoubles(), AutodiffTolerances.GOLDEN_REL,
                AutodiffTolerances.GOLDEN_ABS);
    }

    /** Compares parameter gradients against {@code <case>grad.<sub><name>}. */
    private void assertParamGrads(String c, String sub, Module m) {
        m.namedParameters().forEach((n, v) -> assertClose(c + "grad." + sub + n, g(c + "grad." + sub + n), v.grad()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "silu", "mish", "tanh"})
    void mlpForwardBackward(String act) {
        String c = "mlp_" + act + ".";
        Mlp net = new Mlp(new int[] {3, 8, 8, 2}, Activation.valueOf(act.toUpperCase()), new Rng(0));
        loadParams(c, net);
        Var x = input(c + "input.x");
        try (Tape t = Tape.record()) {
            Var y = net.forward(x);
            Var loss = F.mse(y, Var.constant(g(c + "target")));
            assertClose(c + "output", g(c + "output"), y.value());
            assertClose(c + "loss", g(c + "loss"), loss.value());
            t.backward(loss);
        }
        assertParamGrads(c, "", net);
        assertClose(c + "grad_input.x", g(c + "grad_input.x"), x.grad());
    }

    @Test
    void layerNormWithAffine() {
        String c = "layernorm.";
        Var x = input(c + "input.x"), w = input(c + "weight"), b = input(c + "bias");
        try (Tape t = Tape.record()) {
            Var y = F.layerNorm(x, w, b, 1e-5f);
            assertClose(c + "output", g(c + "output"), y.value());
            t.backward(F.sum(F.mul(y, Var.constant(g(c + "seed")))));
        }
        assertClose("dx", g(c + "grad_input.x"), x.grad());
        assertClose("dweight", g(c + "grad.weight"), w.grad());
        assertClose("dbias", g(c + "grad.bias"), b.grad());
    }

    @Test
    void sacLogProbability() {
        String c = "sac_logprob.";
        Var u = input(c + "input.u"), mean = input(c + "input.mean"), logStd = input(c + "input.log_std");
        try (Tape t = Tape.record()) {
            Var logp = F.gaussianLogProb(u, mean, logStd);
            Var logdet = F.tanhSquash(u).logDetJacobian();
            assertClose("gaussian", g(c + "gaussian"), logp.value());
            assertClose("logdet", g(c + "logdet"), logdet.value());
            Var loss = F.mean(F.sub(logp, logdet));
            assertClose("loss", g(c + "loss"), loss.value());
            t.backward(loss);
        }
        assertClose("du", g(c + "grad_input.u"), u.grad());
        assertClose("dmean", g(c + "grad_input.mean"), mean.grad());
        assertClose("dlogstd", g(c + "grad_input.log_std"), logStd.grad());
    }

    @Test
    void residualVelocityNetwork() {
        String c = "velocity.";
        TimeEmbedding time = new TimeEmbedding(16, 32, 16, new Rng(0));
        ResidualMlp body = new ResidualMlp(6 + 16 + 5, 32, 6, 1, Activation.RELU, new Rng(0));
        loadParams(c + "time.", time);
        loadParams(c + "body.", body);
        Var x = input(c + "input.x"), tt = input(c + "input.t"), s = input(c + "input.s");
        try (Tape t = Tape.record()) {
            Var v = body.forward(F.concat(-1, x, time.forward(tt), s));
            assertClose("output", g(c + "output"), v.value());
            Var loss = F.mean(F.sum(F.square(F.sub(v, Var.constant(g(c + "target")))), false, -1));
            assertClose("loss", g(c + "loss"), loss.value());
            t.backward(loss);
        }
        assertParamGrads(c, "time.", time);
        assertParamGrads(c, "body.", body);
        for (String in : new String[] {"x", "t", "s"}) {
            Var v = in.equals("x") ? x : in.equals("t") ? tt : s;
            assertClose("d" + in, g(c + "grad_input." + in), v.grad());
        }
    }

    @Test
    void criticActionGradient() {
        String c = "critic.";
        Mlp q = new Mlp(new int[] {7, 16, 16, 16, 1}, Activation.SILU, new Rng(0));
        loadParams(c, q);
        Var a = input(c + "input.a");
        try (Tape t = Tape.record()) {
            Var out = q.forward(F.concat(-1, Var.constant(g(c + "input.s")), a));
            assertClose("q", g(c + "output"), out.value());
            Tensor ga = t.grad(F.sum(out), a)[0];
            assertClose("dQ/da", g(c + "grad_input.a"), ga);
        }
        q.namedParameters().values().forEach(p -> assertNull(p.grad(), "grad() must not touch parameter grads"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adam_l2", "adamw"})
    void optimizerMatchesTorch(String kind) {
        Var p = Var.param(g(kind + ".p0").copy());
        Map<String, Var> ps = Map.of("p", p);
        Adam opt = switch (kind) {
            case "adam" -> Adam.adam(ps, 1e-2);
            case "adam_l2" -> new Adam(ps, 1e-2, 0.9, 0.999, 1e-8, 0.1, false);
            default -> Adam.adamW(ps, 1e-2, 0.1);
        };
        for (int k = 0; k < 6; k++) {
            System.arraycopy(g(kind + ".g" + k).data(), 0, p.gradOrZeros().data(), 0, p.value().size());
            opt.step();
        }
        GradCheck.compare(kind, p.value().toDoubles(), g(kind + ".p6").toDoubles(), AutodiffTolerances.OPTIM_REL,
                AutodiffTolerances.OPTIM_ABS);
    }
}
