package io.rldt.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.autodiff.nn.TimeEmbedding;
import io.rldt.autodiff.ops.LinearAct;
import io.rldt.autodiff.optim.Adam;
import io.rldt.autodiff.optim.Ema;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The autodiff module's named kernels on the emulated device, in check mode: each op's forward and backward run
 * on device tensors, every device kernel is compared with its host body on the same operands, and the test
 * asserts that every kernel {@link AutodiffDeviceKernels} lists was exercised. Each computation is also run on a
 * {@link JvmBackend} from the same host-drawn inputs, and its results (values, gradients, optimiser state) must
 * agree within {@link #TOL}·max(1, |JVM value|).
 */
class AutodiffDeviceKernelsTest {
    private static final double TOL = 1e-5;
    /** Awkward shapes of rank 1–3 (sizes 1, 7, 13, 17, 33). */
    private static final int[][] SHAPES = {{1}, {7}, {13, 17}, {3, 5, 33}, {1, 1, 7}};

    private final KernelCheck check = new KernelCheck(TOL);
    private ResidentBackend device;
    private Backend previous;

    @BeforeEach
    void device() {
        GpuAssumptions.assumeEmulator();
        device = ResidentBackend.emulated(true).checkKernels(check);
        previous = Backends.use(device);
    }

    @AfterEach
    void restore() {
        if (device != null) Backends.use(previous);
    }

    // ------------------------------------------------------------------ helpers

    private static int size(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /**
     * A tensor of N(0, 1) draws of {@code shape}, made where the current backend computes from host-drawn values
     * (an explicit upload on the device), so the device and the JVM runs see the same inputs.
     */
    private static Tensor randn(long seed, int... shape) {
        Rng rng = new Rng(seed);
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextGaussian();
        return Tensor.of(v, shape);
    }

    /** Explicit downloads of {@code ts} (null stays null). */
    private static List<float[]> download(Tensor... ts) {
        List<float[]> out = new ArrayList<>();
        for (Tensor t : ts) out.add(t == null ? null : t.toArray());
        return out;
    }

    /** The loss Σ f(x)·w for a constant w of f(x)'s shape: its backward seeds f with w. */
    private static Var weighted(Var y, long seed) {
        return F.sum(F.mul(y, Var.constant(randn(seed, y.shape()))));
    }

    /** Forward and backward of {@code f} on an input of {@code shape}: y and dL/dx. */
    private static List<float[]> forwardBackward(UnaryOperator<Var> f, int... shape) {
        Var x = Var.param(randn(1, shape));
        try (Tape tape = Tape.record()) {
            Var y = f.apply(x);
            tape.backward(weighted(y, 2));
            return download(y.value(), x.grad());
        }
    }

    /**
     * Runs {@code computation} on the device (checked kernel by kernel) and again on a JVM backend, and compares
     * every array it returns within {@link #TOL}·max(1, |JVM value|).
     */
    private void agreesWithJvm(String what, Supplier<List<float[]>> computation) {
        List<float[]> onDevice = computation.get();
        Backend d = Backends.use(new JvmBackend());
        List<float[]> onJvm;
        try {
            onJvm = computation.get();
        } finally {
            Backends.use(d);
        }
        assertEquals(onJvm.size(), onDevice.size(), what);
        for (int k = 0; k < onJvm.size(); k++) {
            float[] want = onJvm.get(k), got = onDevice.get(k);
            if (want == null || got == null) {
                assertTrue(want == null && got == null, what + ": result " + k + " missing on one backend");
                continue;
            }
            assertEquals(want.length, got.length, what + ": result " + k + " length");
            for (int i = 0; i < want.length; i++) {
                if (Float.isNaN(want[i]) && Float.isNaN(got[i]) || want[i] == got[i]) continue;
                double diff = Math.abs((double) want[i] - got[i]) / Math.max(1, Math.abs(want[i]));
                int kk = k, ii = i;
                assertTrue(diff <= TOL, () -> what + ": result " + kk + " element " + ii + ": device " + got[ii]
                        + ", JVM " + want[ii] + " (relative difference " + diff + ")");
            }
        }
    }

    // ------------------------------------------------------------------ the ops

    /** Elementwise ops by name; inputs are N(0, 1) unless a composition moves them into the op's domain. */
    private static final Map<String, UnaryOperator<Var>> ELEMENTWISE = new LinkedHashMap<>();

    static {
        ELEMENTWISE.put("relu", F::relu);
        ELEMENTWISE.put("abs", F::abs);
        ELEMENTWISE.put("neg", F::neg);
        ELEMENTWISE.put("exp", F::exp);
        ELEMENTWISE.put("log", x -> F.log(F.addScalar(F.abs(x), 0.1f)));
        ELEMENTWISE.put("sin", x -> F.sin(F.scale(x, 3f)));
        ELEMENTWISE.put("cos", x -> F.cos(F.scale(x, 3f)));
        ELEMENTWISE.put("sqrt", x -> F.sqrt(F.addScalar(F.abs(x), 0.1f)));
        ELEMENTWISE.put("square", F::square);
        ELEMENTWISE.put("tanh", F::tanh);
        ELEMENTWISE.put("sigmoid", x -> F.sigmoid(F.scale(x, 4f)));
        ELEMENTWISE.put("softplus", F::softplus);
        ELEMENTWISE.put("softplus (large |x|: the series branch)", x -> F.softplus(F.scale(x, 12f)));
        ELEMENTWISE.put("log1mTanhSq", F::log1mTanhSq);
        ELEMENTWISE.put("log1mTanhSq (large |u|)", x -> F.log1mTanhSq(F.scale(x, 8f)));
        ELEMENTWISE.put("tanhSquash log-det", x -> F.tanhSquash(x).logDetJacobian());
        ELEMENTWISE.put("pow 1.7", x -> F.pow(F.addScalar(F.abs(x), 0.2f), 1.7));
        ELEMENTWISE.put("pow 3", x -> F.pow(x, 3));
        ELEMENTWISE.put("pow -0.5", x -> F.pow(F.addScalar(F.abs(x), 0.3f), -0.5));
        ELEMENTWISE.put("scale", x -> F.scale(x, -1.7f));
        ELEMENTWISE.put("affine", x -> F.affine(x, 0.3f, -2.5f));
        ELEMENTWISE.put("clamp", x -> F.clamp(x, -0.5f, 0.8f));
        ELEMENTWISE.put("mish", x -> F.mish(F.scale(x, 3f)));
        ELEMENTWISE.put("silu", x -> F.silu(F.scale(x, 3f)));
        // ties where |x| ≤ 0.5 (the gradient splits), a broadcast operand for the others
        ELEMENTWISE.put("maximum", x -> F.maximum(x, F.clamp(x, -0.5f, 0.5f)));
        ELEMENTWISE.put("minimum", x -> F.minimum(F.clamp(x, -0.5f, 0.5f), x));
        ELEMENTWISE.put("maximum broadcast", x -> F.maximum(x, Var.constant(randn(9, x.dim(-1)))));
        ELEMENTWISE.put("minimum broadcast", x -> F.minimum(Var.param(randn(9, x.dim(-1))), x));
    }

    @Test
    void elementwise_activations_match_their_host_bodies() {
        for (Map.Entry<String, UnaryOperator<Var>> op : ELEMENTWISE.entrySet()) {
            for (int[] shape : SHAPES) {
                agreesWithJvm(op.getKey() + " " + java.util.Arrays.toString(shape),
                        () -> forwardBackward(op.getValue(), shape));
            }
        }
        // without a tape SiLU's σ is computed into its output (mul_fast with σ aliasing out)
        agreesWithJvm("silu, not recorded", () -> download(F.silu(Var.constant(randn(3, 13, 17))).value()));
        assertTrue(check.checked().containsAll(Set.of("relu", "relu_grad", "abs_grad", "pow_grad", "mish_grad",
                "sigmoid_fast", "mul_fast", "silu_grad", "extremum_grad", "log1mTanhSq_grad")), check.report().toString());
    }

    @Test
    void bias_and_fused_linear_layers_match_their_host_bodies() {
        // biasAdd: x [..., n] + b [n], rank 1–3; the bias gradient is the column sums
        for (int[] shape : SHAPES) {
            agreesWithJvm("biasAdd " + java.util.Arrays.toString(shape), () -> {
                Var x = Var.param(randn(1, shape)), b = Var.param(randn(2, shape[shape.length - 1]));
                try (Tape tape = Tape.record()) {
                    Var y = F.biasAdd(x, b);
                    tape.backward(weighted(y, 3));
                    return download(y.value(), x.grad(), b.grad());
                }
            });
        }
        // the fused linear layer, each activation with and without a bias, rank 2 and 3 inputs
        for (LinearAct.Kind kind : LinearAct.Kind.values()) {
            for (boolean bias : new boolean[] {true, false}) {
                for (int[] shape : new int[][] {{1, 7}, {13, 17}, {3, 5, 33}}) {
                    int in = shape[shape.length - 1];
                    for (int out : new int[] {1, 13}) {
                        String what = "linear " + kind + (bias ? " with bias " : " ") + java.util.Arrays.toString(shape)
                                + " -> " + out;
                        agreesWithJvm(what, () -> {
                            Var x = Var.param(randn(1, shape)), w = Var.param(randn(2, out, in));
                            Var b = bias ? Var.param(randn(3, out)) : null;
                            List<float[]> r;
                            try (Tape tape = Tape.record()) {
                                Var y = F.linear(x, w, b, kind);
                                tape.backward(weighted(y, 4));
                                r = download(y.value(), x.grad(), w.grad(), b == null ? null : b.grad());
                            }
                            // not recorded: bias_silu keeps neither the pre-activation nor σ
                            r.addAll(download(F.linear(Var.constant(randn(1, shape)), w, b, kind).value()));
                            return r;
                        });
                    }
                }
            }
        }
        // a network whose activations are applied after the layer
        for (Activation act : new Activation[] {Activation.MISH, Activation.TANH, Activation.SIGMOID, Activation.SILU}) {
            agreesWithJvm("mlp " + act, () -> {
                Mlp mlp = new Mlp(new int[] {7, 17, 13, 1}, act, new Rng(5));
                Var x = Var.constant(randn(1, 33, 7));
                try (Tape tape = Tape.record()) {
                    Var y = mlp.forward(x);
                    tape.backward(weighted(y, 2));
                    List<float[]> r = download(y.value());
                    for (Var p : mlp.parameters()) r.addAll(download(p.grad()));
                    return r;
                }
            });
        }
        assertTrue(check.checked().containsAll(Set.of("bias_add_rows", "column_sums_rows", "bias_add", "bias_relu",
                "bias_silu", "column_sums")), check.report().toString());
    }

    @Test
    void layer_norm_matches_its_host_body_and_the_jvm() {
        for (int[] shape : new int[][] {{1}, {7}, {13, 17}, {3, 5, 33}, {2, 1}, {1, 1, 13}}) {
            int c = shape[shape.length - 1];
            for (boolean affine : new boolean[] {false, true}) {
                agreesWithJvm("layerNorm " + (affine ? "affine " : "") + java.util.Arrays.toString(shape), () -> {
                    Var x = Var.param(randn(1, shape));
                    Var gamma = affine ? Var.param(randn(2, c)) : null, beta = affine ? Var.param(randn(3, c)) : null;
                    try (Tape tape = Tape.record()) {
                        Var y = affine ? F.layerNorm(x, gamma, beta, 1e-5f) : F.layerNorm(x, 1e-5f);
                        tape.backward(weighted(y, 4));
                        return download(y.value(), x.grad(), gamma == null ? null : gamma.grad(),
                                beta == null ? null : beta.grad());
                    }
                });
            }
        }
        assertTrue(check.checked().containsAll(Set.of("layer_norm", "layer_norm_grad")), check.report().toString());
    }

    @Test
    void losses_match_their_host_bodies_and_the_jvm() {
        for (int[] shape : SHAPES) {
            agreesWithJvm("mse " + java.util.Arrays.toString(shape), () -> {
                Var p = Var.param(randn(1, shape)), t = Var.param(randn(2, shape));
                try (Tape tape = Tape.record()) {
                    Var y = F.mse(p, t);
                    tape.backward(F.scale(y, 3f)); // an upstream gradient other than 1
                    return download(y.value(), p.grad(), t.grad());
                }
            });
        }
        // x, μ, logσ broadcast to [..., A]
        int[][][] gaussian = {
            {{1}, {1}, {1}},
            {{7, 13}, {7, 13}, {13}},
            {{3, 5, 17}, {5, 17}, {17}},
            {{33, 1}, {1}, {33, 1}},
        };
        for (int[][] s : gaussian) {
            agreesWithJvm("gaussianLogProb " + java.util.Arrays.deepToString(s), () -> {
                Var x = Var.param(randn(1, s[0])), mu = Var.param(randn(2, s[1]));
                Var logStd = Var.param(F.scale(Var.constant(randn(3, s[2])), 0.5f).value());
                try (Tape tape = Tape.record()) {
                    Var y = F.gaussianLogProb(x, mu, logStd);
                    tape.backward(weighted(y, 4));
                    return download(y.value(), x.grad(), mu.grad(), logStd.grad());
                }
            });
        }
        assertTrue(check.checked().containsAll(Set.of("mse", "mse_grad", "gaussian_log_prob_terms",
                "gaussian_log_prob_grad")), check.report().toString());
    }

    @Test
    void optimisers_match_their_host_bodies_and_the_jvm() {
        for (String kind : new String[] {"adam", "adamw", "adam+l2"}) {
            for (double maxNorm : new double[] {0.5, 1e6}) { // clipping and not
                agreesWithJvm(kind + " clip " + maxNorm, () -> {
                    // nine parameters: more than the argument block's tensor slots, so the clip reads them from its table
                    int[][] shapes = {{7}, {13, 17}, {3, 5, 33}, {1}, {2}, {5, 3}, {11}, {4, 4}, {9}};
                    Map<String, Var> params = new LinkedHashMap<>();
                    for (int k = 0; k < shapes.length; k++) params.put("p" + k, Var.param(randn(10 + k, shapes[k])));
                    Adam adam = switch (kind) {
                        case "adam" -> Adam.adam(params, 1e-2);
                        case "adamw" -> Adam.adamW(params, 1e-2, 0.1);
                        default -> new Adam(params, 1e-2, 0.9, 0.999, 1e-8, 0.05, false);
                    };
                    List<float[]> r = new ArrayList<>();
                    for (int step = 0; step < 3; step++) {
                        adam.zeroGrad();
                        try (Tape tape = Tape.record()) {
                            Var loss = null;
                            int k = 0;
                            for (Var p : params.values()) {
                                Var l = weighted(F.tanh(p), 20 + step * 7 + k++);
                                loss = loss == null ? l : F.add(loss, l);
                            }
                            tape.backward(loss);
                        }
                        double norm = adam.clipGradNorm(maxNorm);
                        r.add(new float[] {(float) norm});
                        adam.step();
                    }
                    for (Var p : params.values()) r.addAll(download(p.value(), p.grad()));
                    for (Tensor s : adam.state().values()) r.addAll(download(s));
                    return r;
                });
            }
        }
        agreesWithJvm("ema", () -> {
            Mlp target = new Mlp(new int[] {7, 33, 13}, Activation.RELU, new Rng(1));
            Mlp online = new Mlp(new int[] {7, 33, 13}, Activation.RELU, new Rng(2));
            Ema.update(target, online, 0.995);
            Ema.update(target, online, 0.9);
            List<float[]> r = new ArrayList<>();
            for (Var p : target.parameters()) r.addAll(download(p.value()));
            return r;
        });
        assertTrue(check.checked().containsAll(Set.of("adam_step", "clip_grad_norm", "ema_update")),
                check.report().toString());
    }

    @Test
    void sinusoidal_embedding_matches_its_host_body_and_the_jvm() {
        for (int dim : new int[] {4, 34}) {
            for (int[] shape : new int[][] {{1}, {7}, {13, 1}}) {
                agreesWithJvm("sinusoidalEmbedding " + dim + " " + java.util.Arrays.toString(shape),
                        () -> forwardBackward(t -> F.sinusoidalEmbedding(F.scale(t, 10f), dim), shape));
            }
        }
        agreesWithJvm("time embedding", () -> {
            TimeEmbedding emb = new TimeEmbedding(new Rng(3));
            Var t = Var.constant(randn(1, 17));
            try (Tape tape = Tape.record()) {
                Var y = emb.forward(t);
                tape.backward(weighted(y, 2));
                List<float[]> r = download(y.value());
                for (Var p : emb.parameters()) r.addAll(download(p.grad()));
                return r;
            }
        });
        assertTrue(check.checked().contains("sinusoidal_frequencies"), check.report().toString());
    }

    /**
     * Layer norm on a constant input with trainable γ and β (a network's input normalisation): the backward
     * needs no dx, so layer_norm_grad's output is null (k_layer_norm_grad handles a null OUT).
     */
    @Test
    void layer_norm_without_dx_matches_its_host_body_and_the_jvm() {
        agreesWithJvm("layerNorm, constant input", () -> {
            Var x = Var.constant(randn(1, 7, 13));
            Var gamma = Var.param(randn(2, 13)), beta = Var.param(randn(3, 13));
            try (Tape tape = Tape.record()) {
                Var y = F.layerNorm(x, gamma, beta, 1e-5f);
                tape.backward(weighted(y, 4));
                return download(y.value(), gamma.grad(), beta.grad());
            }
        });
        assertTrue(check.checked().contains("layer_norm_grad"), check.report().toString());
    }

    @Test
    void every_listed_kernel_is_exercised_by_these_tests() {
        elementwise_activations_match_their_host_bodies();
        bias_and_fused_linear_layers_match_their_host_bodies();
        layer_norm_matches_its_host_body_and_the_jvm();
        layer_norm_without_dx_matches_its_host_body_and_the_jvm();
        losses_match_their_host_bodies_and_the_jvm();
        optimisers_match_their_host_bodies_and_the_jvm();
        sinusoidal_embedding_matches_its_host_body_and_the_jvm();
        System.out.println("autodiff device kernels checked against their host bodies:");
        check.report().forEach((k, v) -> System.out.println("  " + k + ": " + v));
        Set<String> listed = new TreeSet<>();
        AutodiffDeviceKernels.KERNELS.forEach(k -> listed.add(k.name()));
        Set<String> missing = new TreeSet<>(listed);
        missing.removeAll(check.checked());
        assertEquals(Set.of(), missing, "listed device kernels no test ran");
        Set<String> staged = new TreeSet<>(device.stagedKernels().keySet());
        assertEquals(Set.of(), staged, "named kernels that ran staged (no device version)");
    }
}
