package io.rldt.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.agent.SacAgent;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.CriticConfig;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.config.SacConfig;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.core.data.CriticBatch;
import io.rldt.core.data.ReplayBuffer;
import io.rldt.core.data.Trajectory;
import io.rldt.core.policy.Chain;
import io.rldt.core.policy.Exploration;
import io.rldt.core.train.Trainer;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.Metrics;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.kernels.FieldStats;
import io.rldt.kernels.ReferenceTransportField;
import io.rldt.kernels.SvgdOptions;
import io.rldt.kernels.TransportField;
import io.rldt.kernels.TransportFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The named kernels of the rldt, kernels and engine modules ({@link RldtDeviceKernels}) on the emulated device, in
 * check mode: a tiny RLDT training run, SAC updates, and direct calls for the options the runs do not reach (long
 * scalar lists, every transport-field option, more inputs than the argument block holds). Every device kernel is
 * compared with its host body on the same operands (one shared {@link KernelCheck}; putDouble outputs as the
 * doubles they encode), and the last test asserts that every listed kernel was exercised.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RldtDeviceKernelsTest {
    private static final double TOL = 1e-5;
    /** Shared by every test, so the last one sees everything the class exercised. */
    private static final KernelCheck CHECK = new KernelCheck(TOL);
    /** The transport field with {@link ReferenceTransportField} as the host body: expected bit-identical. */
    private static final KernelCheck REFERENCE = new KernelCheck(TOL);

    private Backend previous;
    private boolean replaced;

    private ResidentBackend use(boolean strict) {
        return use(ResidentBackend.emulated(strict).checkKernels(CHECK));
    }

    private ResidentBackend use(ResidentBackend device) {
        GpuAssumptions.assumeEmulator();
        Backend before = Backends.use(device);
        if (!replaced) previous = before;
        replaced = true;
        return device;
    }

    @AfterEach
    void restore() {
        if (replaced) Backends.use(previous);
        replaced = false;
    }

    /** The names {@link RldtDeviceKernels} lists. */
    private static Set<String> listed() {
        Set<String> s = new TreeSet<>();
        RldtDeviceKernels.KERNELS.forEach(k -> s.add(k.name()));
        return s;
    }

    private static Set<String> listedStaged(ResidentBackend b) {
        Set<String> s = new TreeSet<>(b.stagedKernels().keySet());
        s.retainAll(listed());
        return s;
    }

    // =====================================================================================  1. RLDT training

    private static final List<String> TINY = List.of("loop.iterations=3", "loop.envs=16", "loop.evalEpisodes=16",
            "loop.rounds=2", "critic.stepsPerRound=3", "actor.stepsPerRound=2", "actor.trajectoryStride=2",
            "actor.startIteration=0", "pretrain.steps=40", "pretrain.batchSize=64", "policy.hidden=32",
            "critic.hidden=32", "critic.layers=2", "loop.checkpointEvery=100", "loop.bufferIterations=2",
            "loop.threads=1");

    @Test
    @Order(1)
    void a_tiny_rldt_run_runs_every_kernel_on_the_device(@TempDir Path tmp) throws Exception {
        RldtConfig cfg = ConfigToml.override(Presets.bandit(), TINY);
        ResidentBackend device = use(false);
        long t0 = System.nanoTime();
        new Trainer(cfg, tmp.resolve("run")).run();
        System.out.printf("[rldt run on the emulated device] %.1f s; staged kernels: %s%n",
                (System.nanoTime() - t0) / 1e9, device.stagedKernels());
        assertEquals(Set.of(), listedStaged(device), "listed kernels that ran staged");
        assertTrue(CHECK.checked().containsAll(Set.of("fisher_interpolate", "transport_weight", "consistency_offset",
                "mean_row_norm", "ensemble_min", "bootstrap_mean", "td_lambda_targets", "euler_step", "expected_target",
                "exploration_perturb", "clip_box", "svgd_field", "sum_as_double")), CHECK.report().toString());
        printReport();
    }

    // =====================================================================================  2. SAC

    @Test
    @Order(2)
    void sac_updates_and_actions_run_on_the_strict_device() {
        ResidentBackend device = use(true);
        int o = 5, a = 3;
        SacConfig.Algo c = SacConfig.Algo.cleanRl();
        SacConfig.Algo algo = new SacConfig.Algo(32, c.gamma(), c.tau(), 16, 1000, 0, c.policyLr(), c.qLr(), 2, 1,
                1.0, true, Double.NaN);
        SacAgent agent = new SacAgent(algo, o, a, new double[] {-1, -2, -1}, new double[] {1, 0.5, 3}, new Rng(9));
        ReplayBuffer replay = filled(64, o, a, 6);
        for (long step = 1; step <= 4; step++) {
            Map<String, Double> m = agent.update(replay.sample(16, new Rng(step)), step, new Rng(100 + step));
            assertTrue(Double.isFinite(m.get("sac/critic_loss")), m.toString());
        }
        Tensor obs = Tensor.zeros(7, o);
        Backends.current().randomNormal(new Rng(3), 0f, 1f, obs);
        assertEquals(7 * a, agent.act(obs, new Rng(1), true).size());   // deterministic: tanh_squash
        assertEquals(7 * a, agent.act(obs, new Rng(2), false).size());
        assertEquals(Set.of(), listedStaged(device), "listed kernels that ran staged");
        assertTrue(CHECK.checked().containsAll(Set.of("sac_td_target", "tanh_squash", "sum_as_double")),
                CHECK.report().toString());
    }

    private static ReplayBuffer filled(int n, int o, int a, long seed) {
        ReplayBuffer b = new ReplayBuffer(n, o, a);
        Rng rng = new Rng(seed);
        for (int i = 0; i < n; i++) {
            double[] s = new double[o], act = new double[a], s2 = new double[o];
            for (int j = 0; j < o; j++) {
                s[j] = rng.nextGaussian();
                s2[j] = rng.nextGaussian();
            }
            for (int j = 0; j < a; j++) act[j] = 2 * rng.nextDouble() - 1;
            b.add(s, act, rng.nextGaussian(), s2, rng.nextInt(10) == 0);
        }
        return b;
    }

    // =====================================================================================  3. direct calls

    private static Tensor randn(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        Backends.current().randomNormal(new Rng(seed), 0f, 1f, t);
        return t;
    }

    @Test
    @Order(3)
    void the_critic_targets_options_the_runs_do_not_reach() {
        ResidentBackend device = use(false);
        int o = 3, d = 2;
        // mean − ρ·std over 1, 2 and 3 members (critic.target = "mean-std", the QAM port's)
        for (int members : new int[] {1, 2, 3}) {
            CriticConfig cfg = ConfigToml.override(Presets.bandit(), List.of("critic.ensemble=" + members,
                    "critic.hidden=16", "critic.layers=2", "critic.target=mean-std", "critic.rho=0.7")).critic();
            CriticEnsemble critic = new CriticEnsemble(o, d, cfg, new Rng(members));
            Tensor values = critic.targetValues(randn(10 + members, 37, o + d), 0);
            assertEquals(37, values.size());
            CriticConfig min = ConfigToml.override(Presets.bandit(), List.of("critic.ensemble=" + members,
                    "critic.hidden=16", "critic.layers=2")).critic();
            assertEquals(37, new CriticEnsemble(o, d, min, new Rng(members)).targetValues(randn(20, 37, o + d), 0).size());
        }
        // TD(λ) targets with terminals, truncations and λ ∈ {0, 0.9, 1}; bootstrap means with clipping; few
        // trajectories (the scalars fit the argument block) and many (they do not)
        for (int trajectories : new int[] {5, 40}) {
            List<List<Trajectory>> groups = trajectories(trajectories, o, d, new Rng(trajectories));
            CriticBatch b = CriticBatch.of(groups, 2, o, d, 1.5);
            int repeats = 3;
            Tensor values = randn(7, repeats * b.rows());
            for (double[] clip : new double[][] {{Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, {-0.3, 0.4}}) {
                Tensor next = b.bootstrapValues(values, repeats, clip[0], clip[1]);
                for (double lambda : new double[] {0, 0.9, 1}) {
                    for (boolean truncationAsTerminal : new boolean[] {false, true}) {
                        Tensor[] y = b.tdTargets(next, 0.97, lambda, truncationAsTerminal);
                        assertTrue(Double.isFinite(Metrics.sum(1.25, y)));
                    }
                }
            }
        }
        // sum_as_double over 1..7 inputs
        for (int m = 1; m <= 7; m++) {
            Tensor[] xs = new Tensor[m];
            for (int k = 0; k < m; k++) xs[k] = randn(30 + k, 3 + k, 2);
            assertTrue(Double.isFinite(Metrics.sum(-0.5, xs)));
        }
        assertEquals(Set.of(), listedStaged(device), "listed kernels that ran staged");
        assertTrue(CHECK.checked().containsAll(Set.of("ensemble_mean_minus_std", "ensemble_min", "td_lambda_targets",
                "bootstrap_mean", "sum_as_double")), CHECK.report().toString());
    }

    /** Trajectories of lengths 1..6, some terminal, some truncated, in two groups. */
    private static List<List<Trajectory>> trajectories(int count, int o, int d, Rng rng) {
        List<List<Trajectory>> groups = List.of(new ArrayList<>(), new ArrayList<>());
        for (int k = 0; k < count; k++) {
            int len = 1 + rng.nextInt(6);
            float[] obs = new float[(len + 1) * o], act = new float[len * d], rew = new float[len];
            for (int j = 0; j < obs.length; j++) obs[j] = (float) rng.nextGaussian();
            for (int j = 0; j < act.length; j++) act[j] = (float) rng.nextGaussian();
            for (int j = 0; j < rew.length; j++) rew[j] = (float) rng.nextGaussian();
            boolean terminal = k % 3 == 0, truncated = !terminal && k % 3 == 1;
            groups.get(k % 2).add(new Trajectory(len, o, d, obs, act, rew, terminal, truncated));
        }
        return groups;
    }

    @Test
    @Order(4)
    void chains_and_exploration_with_short_and_long_scalar_lists() {
        ResidentBackend device = use(false);
        for (int[] nkd : new int[][] {{4, 3, 2}, {3, 1, 5}, {40, 4, 3}, {9, 2, 7}}) {
            int n = nkd[0], k = nkd[1], d = nkd[2];
            Chain chain = new Chain(randn(n + k, k + 1, n, d), randn(n + 2 * k, k, n, d));
            int[] depth = new int[n];
            for (int i = 0; i < n; i++) depth[i] = (i * 7) % k;
            assertEquals(n * d, chain.expectedTargetsAt(depth).size());
            Tensor a = Exploration.perturbedActions(chain, new Rng(n));
            float[] low = new float[d], high = new float[d];
            for (int j = 0; j < d; j++) {
                low[j] = -0.5f - j;
                high[j] = j % 2 == 0 ? 0.25f : 2f;
            }
            Exploration.clip(a, low, high);
        }
        // a box wider than the argument block's scalars: [N, 20]
        Exploration.clip(randn(5, 6, 20), filledArray(20, -0.1f), filledArray(20, 0.2f));
        assertEquals(Set.of(), listedStaged(device), "listed kernels that ran staged");
        assertTrue(CHECK.checked().containsAll(Set.of("expected_target", "exploration_perturb", "clip_box")),
                CHECK.report().toString());
    }

    private static float[] filledArray(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    @Order(5)
    void the_transport_field_in_every_option() {
        ResidentBackend device = use(false);
        // the same calls with the specification's loops as the host body, on a second device with its own check
        ResidentBackend referenceDevice = ResidentBackend.emulated(false).checkKernels(REFERENCE);
        SvgdOptions rbf = SvgdOptions.defaults();
        List<SvgdOptions> options = List.of(rbf, rbf.withBandwidth(0.3), rbf.withFixedTemperature(0.7),
                rbf.withTemperatureScale(2.0).withMaxTemperature(0.05), rbf.withBandwidthFloor(5.0),
                rbf.withKernel(SvgdOptions.Kernel.DELTA));
        // [B, P, P', D]: odd sizes, P' = 1 and 2 (median of one and of two), and P' > 256 (no local distance array)
        int[][] shapes = {{3, 5, 7, 4}, {2, 4, 1, 3}, {2, 3, 2, 5}, {1, 3, 300, 2}};
        try (TransportField field = TransportFields.create(1)) {
            for (SvgdOptions opts : options) {
                for (int[] s : shapes) {
                    boolean delta = opts.kernel() == SvgdOptions.Kernel.DELTA;
                    int pc = delta ? s[1] : s[2];
                    // the field the runs use (ResidentTransportField around the chosen host field): it passes the
                    // options as scalars and the scratch of the statistics' terms
                    Backends.use(device);
                    Tensor q = randn(1, s[0], s[1], s[3]), a = randn(2, s[0], s[2], s[3]), g = randn(3, s[0], pc, s[3]);
                    Tensor phi = Tensor.zeros(s[0], s[1], s[3]);
                    FieldStats stats = new FieldStats();
                    field.compute(q, delta ? null : a, g, opts, phi, stats);
                    assertTrue(Double.isFinite(stats.meanAttractionNorm()), stats.toString());
                    // ... and the reference as the host body, with the same operands
                    Backends.use(referenceDevice);
                    q = randn(1, s[0], s[1], s[3]);
                    a = randn(2, s[0], s[2], s[3]);
                    g = randn(3, s[0], pc, s[3]);
                    FieldStats reference = new FieldStats();
                    try (TransportField ref = TransportFields.resident(new ReferenceTransportField())) {
                        ref.compute(q, delta ? null : a, g, opts, Tensor.zeros(s[0], s[1], s[3]), reference);
                    }
                    // the device's statistics (checked against the reference's) equal the field's within the tolerance
                    double[] want = {reference.meanBandwidth(), reference.meanAlpha(), reference.meanAttractionNorm(),
                        reference.meanRepulsionNorm()};
                    double[] got = {stats.meanBandwidth(), stats.meanAlpha(), stats.meanAttractionNorm(),
                        stats.meanRepulsionNorm()};
                    for (int k = 0; k < 4; k++) {
                        assertEquals(want[k], got[k], TOL * Math.max(1, Math.abs(want[k])), "statistic " + k + " " + opts);
                    }
                }
            }
        }
        assertEquals(Set.of(), listedStaged(device), "listed kernels that ran staged");
        assertEquals(Set.of(), listedStaged(referenceDevice), "listed kernels that ran staged");
        assertTrue(CHECK.checked().contains("svgd_field"), CHECK.report().toString());
        System.out.println("[rldt device kernels] svgd_field against ReferenceTransportField: " + REFERENCE.report());
        assertTrue(REFERENCE.report().get("svgd_field").endsWith("max diff 0.0"),
                () -> "the device field differs from the reference: " + REFERENCE.report());
    }

    @Test
    @Order(6)
    void more_inputs_than_the_argument_block_holds_go_through_the_input_table() {
        ResidentBackend device = use(true);
        // Metrics.sum over 1..9 tensors (and over none: the start alone)
        for (int m = 0; m <= 9; m++) {
            Tensor[] xs = new Tensor[m];
            double want = 0.75;
            for (int k = 0; k < m; k++) {
                xs[k] = randn(40 + k, 2 + k, 3);
                for (float v : xs[k].toArray()) want += v;
            }
            assertEquals(want, Metrics.sum(0.75, xs));   // bit-identical: the same order of double sums
        }
        // ensembles of 9 and 12 members, min and mean − ρ·std
        int o = 3, d = 2;
        for (int members : new int[] {9, 12}) {
            for (String target : new String[] {"min", "mean-std"}) {
                CriticConfig cfg = ConfigToml.override(Presets.bandit(), List.of("critic.ensemble=" + members,
                        "critic.hidden=8", "critic.layers=2", "critic.target=" + target, "critic.rho=0.4")).critic();
                Tensor values = new CriticEnsemble(o, d, cfg, new Rng(members)).targetValues(randn(50, 29, o + d), 0);
                assertEquals(29, values.size());
            }
        }
        System.out.println("[rldt device kernels] staged on the strict device: " + device.stagedKernels());
        assertEquals(Set.of(), listedStaged(device), "listed kernels that ran staged");
        assertTrue(CHECK.checked().containsAll(Set.of("sum_as_double", "ensemble_min", "ensemble_mean_minus_std")),
                CHECK.report().toString());
    }

    // =====================================================================================  4. all of them

    @Test
    @Order(100)
    void every_listed_rldt_kernel_is_exercised() {
        GpuAssumptions.assumeEmulator();
        printReport();
        Set<String> missing = new TreeSet<>(listed());
        missing.removeAll(CHECK.checked());
        assertEquals(Set.of(), missing, "listed device kernels no test ran (run the whole class: the tests share one check)");
    }

    private static void printReport() {
        System.out.println("[rldt device kernels] check: " + CHECK.report());
    }
}
