package io.rldt.jmh;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.autodiff.nn.Module;
import io.rldt.core.agent.RldtAgent;
import io.rldt.core.agent.SacAgent;
import io.rldt.core.config.SacConfig;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.core.data.ReplayBuffer;
import io.rldt.core.policy.Chain;
import io.rldt.engine.Backends;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.kernels.ReferenceTransportField;
import io.rldt.kernels.SvgdOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the Java reference numbers the peers of {@code jmh/compare-pytorch.sh} (PyTorch eager,
 * {@code torch.compile}, JAX) check themselves against before they are timed: one safetensors file per workload
 * in {@code --out DIR}, built from the JMH benchmarks' own state (same classes, same seeds) on the plain
 * {@code jvm} backend (scalar loops, the reference of every faster backend) with the reference transport field,
 * all float32.
 *
 * <p>Tensor names, by prefix (each file's {@code __metadata__} repeats the layout and the hyper-parameters):
 * <ul>
 *   <li>{@code param.<name>}: parameters before the step, named as {@link Module#namedParameters()}; a Linear
 *       layer's {@code weight} is {@code [out, in]} and {@code bias} {@code [out]} (PyTorch's {@code nn.Linear}
 *       layout, {@code y = x·Wᵀ + b}). Other parameter sets carry their own prefix ({@code ref.}, {@code critic.},
 *       {@code target.}).</li>
 *   <li>{@code input.*}: the workload's inputs; {@code draw.*}: the random draws the step takes from its
 *       {@link Rng}, replayed on a second generator with the same seed in the same call order (integers stored as
 *       floats, exact below 2^24).</li>
 *   <li>{@code out.*}: outputs to check (losses as [1] tensors); {@code grad.<name>}: parameter gradients;
 *       {@code after.<set>.<name>}: parameters after the step; {@code mid.*}: intermediates of the actor step, so
 *       that a failing check says where the two sides part.</li>
 * </ul>
 * A replay that draws in another order than the code cannot pass silently: the peers' checks fail. The replays
 * are also checked here where that is cheap (the chain's x_0; the generator's state after the step).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.rldt.jmh.PeerReference --out jmh/target/peer-reference}
 * (a minute or two: the actor step runs twice on the scalar backend).
 */
public final class PeerReference {
    private PeerReference() {}

    private static final String LINEAR_LAYOUT = "Linear weight [out, in], bias [out]: y = x·Wᵀ + b (PyTorch nn.Linear)";

    public static void main(String[] args) throws IOException {
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) out = Path.of(args[++i]);
            else throw new IllegalArgumentException("PeerReference: unknown argument " + args[i] + "; expected --out DIR");
        }
        if (out == null) throw new IllegalArgumentException("PeerReference: --out DIR is required");
        Files.createDirectories(out);
        // The spec field in double (not the Vector API one), and the scalar backend: the reference of both.
        System.setProperty("rldt.kernels.field", "reference");
        Backends.use(new JvmBackend());
        long t0 = System.nanoTime();
        for (String shape : new String[] {"64x256x256", "256x256x256", "1024x256x256", "256x57x512", "256x512x512",
                "256x41x256"}) {
            gemm(out, shape);
        }
        mlpVelocity(out);
        mlpCritic(out);
        svgd(out);
        criticStep(out);
        actorStep(out);
        sacStep(out);
        Files.writeString(out.resolve("COMPLETE"), "written in " + (System.nanoTime() - t0) / 1_000_000 + " ms\n");
        System.out.printf("INFO reference written to %s in %.1f s%n", out, (System.nanoTime() - t0) / 1e9);
    }

    // =====================================================================================  the workloads

    /** {@code gemm_<shape>}: GemmBench's operands and their product. */
    static void gemm(Path dir, String shape) throws IOException {
        GemmBench g = new GemmBench();
        g.shape = shape;
        g.build();
        Tensor c = Tensor.zeros(g.a.dim(0), g.b.dim(1));
        Backends.current().matmul(g.a, false, g.b, false, c, false);
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("input.a", g.a);
        t.put("input.b", g.b);
        t.put("out.c", c);
        write(dir, "gemm_" + shape, t, Map.of("op", "c = a·b"));
    }

    /** {@code mlp_velocity}: MlpBench's velocity net, loss Σ v·w, every parameter gradient. */
    static void mlpVelocity(Path dir) throws IOException {
        MlpBench b = new MlpBench();
        b.net = "velocity";
        b.threads = 1;
        b.build();
        Map<String, Tensor> t = new LinkedHashMap<>();
        params(t, "param.", b.velocity);
        t.put("input.x", b.x);
        t.put("input.t", b.t);
        t.put("input.s", b.s);
        t.put("input.w", b.w);
        float loss = (Float) b.step();
        t.put("out.loss", scalar(loss));
        grads(t, "grad.", b.velocity);
        write(dir, "mlp_velocity", t, Map.of("net", "v(x [N,24], t [N,1], s [N,17]) = body(concat(x, timeEmb(t), s)); "
                + "time.* = sinusoidal 16 -> fc1 -> Mish -> fc2; body.layers.0 input, body.layers.1.l1/l2 the "
                + "pre-activation ReLU block h + l2(relu(l1(relu(h)))), body.layers.2 output", "loss", "sum(v * w)",
                "layout", LINEAR_LAYOUT));
    }

    /** {@code mlp_critic}: MlpBench's critic ensemble, ∇ₐ Σ_m Σ Q_m and the parameter gradients. */
    static void mlpCritic(Path dir) throws IOException {
        MlpBench b = new MlpBench();
        b.net = "critic";
        b.threads = 1;
        b.build();
        Map<String, Tensor> t = new LinkedHashMap<>();
        params(t, "param.", b.critic.onlineModule());
        t.put("input.s", b.s);
        t.put("input.actions", b.actions);
        double qSum = 0;
        try (var ignored = Tape.noGrad()) {
            Var in = Var.constant(b.critic.inputs(b.s, b.actions));
            for (int m = 0; m < b.critic.members(); m++) qSum += sum(b.critic.q(m, in).value());
        }
        Var a = (Var) b.step();
        t.put("out.q_sum", scalar((float) qSum));
        t.put("out.grad_actions", a.grad().copy());
        grads(t, "grad.", b.critic.onlineModule());
        write(dir, "mlp_critic", t, Map.of("net", "member m: <m>.layers.0..3, MLP 41 -> 256 -> 256 -> 256 -> 1, SiLU "
                + "after the hidden layers, on concat(s, a)", "loss", "sum_m sum Q_m(s, a)", "layout", LINEAR_LAYOUT));
    }

    /**
     * {@code svgd_p8_d24}: SvgdBench's inputs and the reference field, plus two more shapes (an odd P for the median,
     * D not a vector width) under {@code case.<B>x<P>x<D>.*}.
     */
    static void svgd(Path dir) throws IOException {
        SvgdBench b = new SvgdBench();
        b.particles = 8;
        b.dim = 24;
        b.build();
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("input.queries", b.queries);
        t.put("input.centres", b.centres);
        t.put("input.gradients", b.gradients);
        t.put("out.phi", field(b.queries, b.centres, b.gradients));
        Rng rng = new Rng(19);
        for (int[] c : new int[][] {{3, 16, 12}, {2, 7, 5}}) {
            String p = "case." + c[0] + "x" + c[1] + "x" + c[2] + ".";
            Tensor q = Workloads.normal(rng, c), a = Workloads.normal(rng, c), g = Workloads.normal(rng, c);
            t.put(p + "queries", q);
            t.put(p + "centres", a);
            t.put(p + "gradients", g);
            t.put(p + "phi", field(q, a, g));
        }
        write(dir, "svgd_p8_d24", t, Map.of("field", "ReferenceTransportField, SvgdOptions.defaults(): RBF, lower-median "
                + "bandwidth h = max(med_j |q_i - a_j|^2 / (2 log(P+1)), 1e-8), alpha = clamp(1e-3 mean_j |g_j|, 0, 1e5), "
                + "phi_i = (1/P) sum_j k_ij (g_j + alpha (q_i - a_j) / h_i)"));
    }

    /** {@code critic_step}: RldtStepBench's first {@link CriticEnsemble#step}: AdamW, then the EMA targets. */
    static void criticStep(Path dir) throws IOException {
        RldtStepBench b = new RldtStepBench();
        b.threads = 1;
        b.build();
        CriticEnsemble c = b.agent.critic();
        Map<String, Tensor> t = new LinkedHashMap<>();
        params(t, "param.", c.onlineModule());
        params(t, "target.", c.targetModule());
        for (int m = 0; m < c.members(); m++) {
            t.put("input.x" + m, b.criticInputs[m]);
            t.put("input.y" + m, b.criticTargets[m]);
        }
        CriticEnsemble.StepStats stats = b.critic();
        t.put("out.loss", scalar((float) stats.loss()));
        grads(t, "grad.", c.onlineModule()); // the optimiser reads the gradients and leaves them in place
        params(t, "after.param.", c.onlineModule());
        params(t, "after.target.", c.targetModule());
        var cfg = b.agent.config().critic();
        write(dir, "critic_step", t, Map.of("step", "member m regresses input.y<m> [128] at input.x<m> [128, 41] "
                + "(MSE, mean over rows); loss = sum over members; one AdamW step; then target = m*target + (1-m)*online",
                "lr", Double.toString(cfg.lr()), "weight_decay", Double.toString(cfg.weightDecay()),
                "target_momentum", Double.toString(cfg.targetMomentum()), "adam", "betas (0.9, 0.999), eps 1e-8",
                "layout", LINEAR_LAYOUT));
    }

    /**
     * {@code actor_step}: RldtStepBench's first {@link RldtAgent#actorStep} with its draws replayed: the chain noise
     * x_0 [B·P, D] (row-major, as FlowPolicy.sample draws it), then one depth per particle, then per particle the
     * Fisher time index k' followed by its ε' row (RldtAgent.actorChunk's order). The config's
     * {@code loop.microBatchStates} (1024) exceeds B = 256, so the step is one chunk and draws exactly this.
     */
    static void actorStep(Path dir) throws IOException {
        RldtStepBench b = new RldtStepBench();
        b.threads = 1;
        b.build();
        RldtAgent agent = b.agent;
        var cfg = agent.config();
        int chunk = cfg.loop().microBatchStates();
        if (chunk > 0 && chunk < Workloads.B) {
            throw new IllegalStateException("PeerReference: loop.microBatchStates = " + chunk + " < B = " + Workloads.B
                    + ": the actor step would draw per chunk, which this replay does not do");
        }
        int p = cfg.transport().particles(), k = agent.policy().steps(), d = Workloads.D, n = Workloads.B * p;

        // The draws, replayed on a generator constructed like the benchmark's (seed 17), in the code's order.
        Rng replay = new Rng(17);
        Tensor x0 = Tensor.zeros(n, d);
        Backends.current().randomNormal(replay, 0f, 1f, x0);
        float[] depth = new float[n], tPrimeIndex = new float[n], eps = new float[n * d];
        int[] depthIdx = new int[n];
        for (int i = 0; i < n; i++) {
            depthIdx[i] = replay.nextInt(k);
            depth[i] = depthIdx[i];
        }
        for (int i = 0; i < n; i++) {
            tPrimeIndex[i] = replay.nextInt(k);
            for (int j = 0; j < d; j++) eps[i * d + j] = (float) replay.nextGaussian();
        }

        Map<String, Tensor> t = new LinkedHashMap<>();
        params(t, "param.", agent.policy().net());
        params(t, "ref.", agent.reference().net());
        params(t, "critic.", agent.critic().onlineModule());
        t.put("input.states", b.states);
        t.put("draw.x0", x0);
        t.put("draw.depth", Tensor.of(depth, n));
        t.put("draw.tprime_index", Tensor.of(tPrimeIndex, n));
        t.put("draw.eps", Tensor.of(eps, n, d));

        // Intermediates through the same library calls the step makes (before the step changes the policy).
        int[] stateOf = new int[n];
        for (int i = 0; i < n; i++) stateOf[i] = i / p;
        Tensor s = Ops.indexSelect(b.states, 0, stateOf);
        Chain chain = agent.policy().sample(s, new Rng(17), false);
        if (Workloads.maxRelDiff(chain.state(0), x0) != 0) {
            throw new AssertionError("PeerReference: the replayed chain noise differs from FlowPolicy.sample's x_0");
        }
        Tensor a = chain.actions(), query = chain.expectedTargetsAt(depthIdx);
        Tensor gradQ = agent.critic().actionGradient(s, a);
        t.put("mid.actions", a);
        t.put("mid.query", query);
        t.put("mid.grad_q", gradQ);
        t.put("mid.phi", field(query.reshape(Workloads.B, p, d), a.reshape(Workloads.B, p, d),
                gradQ.reshape(Workloads.B, p, d)).reshape(n, d));

        Map<String, Double> m = b.actor();
        if (replay.nextLong() != b.rng.nextLong()) {
            throw new AssertionError("PeerReference: the replay drew a different number of values than actorStep");
        }
        for (String key : new String[] {"actor/loss", "actor/loss_rl", "actor/loss_consistency", "actor/loss_fisher"}) {
            t.put("out." + key.substring("actor/".length()), scalar(m.get(key).floatValue()));
        }
        grads(t, "grad.", agent.policy().net()); // Adam reads the gradients and leaves them in place
        params(t, "after.param.", agent.policy().net());
        var actor = cfg.actor();
        write(dir, "actor_step", t, Map.of("step", "RldtAgent.actorStep on input.states [256, 17], P = " + p + ", K = "
                        + k + ", one chunk; loss = w_rl*loss_rl + c_cons*loss_consistency + c_F*loss_fisher, one Adam step",
                "w_rl", Double.toString(actor.rlWeight()), "c_cons", Double.toString(actor.consistencyWeight()),
                "c_F", Double.toString(actor.fisherWeight()), "lr", m.get("actor/lr").toString(),
                "lr_schedule", actor.lr() + " * min(1, step / " + actor.warmupSteps() + ")",
                "draws", "x0 [N, D] row-major; depth [N]; then per particle: tprime_index, eps row [D]",
                "rows", "particle-major: row i = state i / P", "layout", LINEAR_LAYOUT));
    }

    /**
     * {@code sac_step}: SacStepBench's op (two {@link SacAgent#update} calls, steps 1 and 2, each on a fresh replay
     * draw) on a fresh agent, with its draws replayed: per update the batch (256 indices), then ξ' [256, 6] for the
     * critic's target actions, and on the even step twice (ξ for the actor step, ξ for the α step).
     */
    static void sacStep(Path dir) throws IOException {
        SacConfig.Algo cfg = SacConfig.Algo.cleanRl();
        SacAgent agent = SacStepBench.agent(cfg, 31L);
        ReplayBuffer replay = SacStepBench.replay(new Rng(37), SacStepBench.REPLAY);
        int n = cfg.batchSize(), act = SacStepBench.ACT;
        Map<String, Tensor> t = new LinkedHashMap<>();
        params(t, "param.actor.", agent.actor());
        params(t, "param.critics.", agent.critics());
        params(t, "param.targets.", agent.targets());
        t.put("param.log_alpha", agent.logAlpha().value().copy());

        Rng copy = new Rng(41), rng = new Rng(41);
        for (int step = 1; step <= 2; step++) {
            ReplayBuffer.Batch batch = replay.sample(n, copy);
            String p = "step" + step + ".";
            t.put(p + "obs", batch.obs());
            t.put(p + "actions", batch.actions());
            t.put(p + "rewards", batch.rewards());
            t.put(p + "next_obs", batch.next());
            t.put(p + "terminated", batch.terminated());
            t.put(p + "xi_next", normal(copy, n, act));
            if (step % cfg.policyFrequency() == 0) {
                for (int r = 0; r < cfg.policyFrequency(); r++) {
                    t.put(p + "xi_actor" + r, normal(copy, n, act));
                    t.put(p + "xi_alpha" + r, normal(copy, n, act));
                }
            }
            Map<String, Double> m = agent.update(replay.sample(n, rng), step, rng);
            t.put("out." + p + "critic_loss", scalar(m.get("sac/critic_loss").floatValue()));
            if (m.containsKey("sac/actor_loss")) {
                t.put("out." + p + "actor_loss", scalar(m.get("sac/actor_loss").floatValue()));   // mean of the repeats
                t.put("out." + p + "alpha_loss", scalar(m.get("sac/alpha_loss").floatValue()));   // mean of the repeats
            }
        }
        if (copy.nextLong() != rng.nextLong()) {
            throw new AssertionError("PeerReference: the SAC replay drew a different number of values than the updates");
        }
        params(t, "after.actor.", agent.actor());
        params(t, "after.critics.", agent.critics());
        params(t, "after.targets.", agent.targets());
        t.put("after.log_alpha", agent.logAlpha().value().copy());
        write(dir, "sac_step", t, Map.of("op", "SacAgent.update(step1, 1) then update(step2, 2), CleanRL settings "
                        + "(SacConfig.Algo.cleanRl()): odd step critic + Polyak, even step critic + 2 x (actor + alpha) + Polyak",
                "actor", "trunk.layers.0/1 (ReLU) -> mean, log_std; log_std = -5 + 3.5 (tanh(raw) + 1); u = mean + "
                        + "exp(log_std) xi; a = tanh(u) (box [-1, 1])", "critics", "q1/q2.layers.0..2, 23 -> 256 -> 256 -> 1 ReLU",
                "hyper", "gamma " + cfg.gamma() + ", tau " + cfg.tau() + ", policy_lr " + cfg.policyLr() + ", q_lr "
                        + cfg.qLr() + ", alpha lr = q_lr, target entropy -" + act,
                "losses", "out.step2.actor_loss / alpha_loss are the means over the two repeats", "layout", LINEAR_LAYOUT));
    }

    // =====================================================================================  plumbing

    /** φ of the reference field for [B, P, D] inputs. */
    private static Tensor field(Tensor q, Tensor a, Tensor g) {
        Tensor phi = Tensor.zeros(q.shape());
        new ReferenceTransportField().compute(q, a, g, SvgdOptions.defaults(), phi, null);
        return phi;
    }

    /** [rows, cols] of N(0, 1) draws exactly as the backends' randomNormal makes them (what the agents call). */
    private static Tensor normal(Rng rng, int rows, int cols) {
        Tensor x = Tensor.zeros(rows, cols);
        Backends.current().randomNormal(rng, 0f, 1f, x);
        return x;
    }

    private static double sum(Tensor x) {
        double s = 0;
        for (float v : x.toArray()) s += v;
        return s;
    }

    private static Tensor scalar(float v) {
        return Tensor.of(new float[] {v}, 1);
    }

    /** Copies of every parameter value of {@code m} under {@code prefix + name}. */
    private static void params(Map<String, Tensor> out, String prefix, Module m) {
        m.namedParameters().forEach((name, v) -> out.put(prefix + name, v.value().copy()));
    }

    /** Copies of every parameter gradient of {@code m} (zeros where backward reached none). */
    private static void grads(Map<String, Tensor> out, String prefix, Module m) {
        m.namedParameters().forEach((name, v) -> out.put(prefix + name,
                v.grad() == null ? Tensor.zeros(v.shape()) : v.grad().copy()));
    }

    private static void write(Path dir, String workload, Map<String, Tensor> tensors, Map<String, String> meta)
            throws IOException {
        Map<String, String> m = new LinkedHashMap<>(meta);
        m.put("workload", workload);
        m.put("backend", Backends.current().name());
        m.put("dtype", "float32");
        Safetensors.write(dir.resolve(workload + ".safetensors"), tensors, m);
        System.out.printf("INFO wrote %s (%d tensors)%n", workload, tensors.size());
    }
}
