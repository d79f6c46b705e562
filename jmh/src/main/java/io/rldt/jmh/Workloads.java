package io.rldt.jmh;

import io.rldt.autodiff.nn.Module;
import io.rldt.core.agent.RldtAgent;
import io.rldt.core.config.LoopConfig;
import io.rldt.core.config.PolicyConfig;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.config.TransportConfig;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Rng;
import io.rldt.engine.SimdBackend;
import io.rldt.engine.Tensor;
import java.util.Arrays;

/**
 * The reference workload every benchmark and the peers ({@code jmh/pytorch/}: PyTorch, {@code torch.compile}, JAX)
 * share: HalfCheetah-sized observations {@code O = 17}, {@code A = 6}, chunk {@code H = 4} ({@code D = 24}),
 * {@code B = 256} states, {@code P = 8} particles, {@code K = 8} Euler steps, and the spec's networks
 * (velocity: ResidualMlp hidden 512 + time embedding 16→32→16; critic: 2 × MLP 3×256 SiLU on O + D).
 */
public final class Workloads {
    private Workloads() {}

    public static final int OBS = 17, ACT = 6, CHUNK = 4, D = ACT * CHUNK, B = 256, P = 8, K = 8;

    /**
     * A backend by benchmark name: {@code jvm} (the scalar reference), {@code jvm-simd-1} or {@code jvm-simd-2}
     * (the Vector API backend with that many matmul threads).
     */
    public static Backend backend(String name) {
        if (name.equals("jvm")) return new JvmBackend();
        if (name.startsWith("jvm-simd-")) return new SimdBackend(Integer.parseInt(name.substring("jvm-simd-".length())));
        throw new IllegalArgumentException("backend '" + name + "': expected jvm, jvm-simd-1 or jvm-simd-2");
    }

    /** Makes {@code new SimdBackend(threads)} the process-wide backend (each JMH fork runs one parameter set). */
    public static void useSimd(int threads) {
        String why = Backends.simdUnavailableReason();
        if (why != null) throw new IllegalStateException("jvm-simd is not usable: " + why);
        Backends.use(new SimdBackend(threads));
    }

    /** The spec's locomotion config (gym-paper) with P = 8, K = 8 and {@code threads} kernel threads. */
    public static RldtConfig config(int threads) {
        RldtConfig base = Presets.gymPaper("HalfCheetah-v4");
        PolicyConfig pol = base.policy();
        TransportConfig tr = base.transport();
        PolicyConfig p = new PolicyConfig(K, pol.hidden(), pol.residualBlocks(), pol.timeEmbedding(), pol.timeHidden(),
                pol.deterministicEval());
        TransportConfig t = new TransportConfig(P, tr.kernel(), tr.fixedBandwidth(), tr.temperatureScale(),
                tr.fixedTemperature(), tr.maxTemperature());
        LoopConfig l = base.loop();
        LoopConfig loop = new LoopConfig(l.iterations(), l.evalEvery(), l.evalEpisodes(), l.envs(), l.chunkSteps(),
                l.bufferIterations(), l.rounds(), l.freshFraction(), l.exploration(), l.clipActions(), l.microBatchStates(),
                l.microBatchRows(), threads, l.checkpointEvery());
        return new RldtConfig(base.task(), p, t, base.actor(), base.critic(), loop, base.pretrain(), 7L);
    }

    /** A randomly initialised, pretrained-shaped flow policy of the spec. */
    public static FlowPolicy policy(RldtConfig cfg, Rng rng) {
        return new FlowPolicy(new VelocityNet(OBS, D, cfg.policy(), rng), cfg.policy().denoisingSteps());
    }

    /** An agent on the reference workload; action box [-1, 1]^D. */
    public static RldtAgent agent(int threads, long seed) {
        RldtConfig cfg = config(threads);
        Rng rng = new Rng(seed);
        float[] low = new float[D], high = new float[D];
        Arrays.fill(low, -1f);
        Arrays.fill(high, 1f);
        return new RldtAgent(cfg, policy(cfg, rng.split()), low, high, rng.split());
    }

    /** {@code [rows, cols]} of N(0, 1) draws. */
    public static Tensor normal(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return t;
    }

    /** Uniform draws in [lo, hi). */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
        return t;
    }

    /** Times on the Euler grid {@code k/K}, one per row: {@code [n, 1]}. */
    public static Tensor gridTimes(Rng rng, int n) {
        Tensor t = Tensor.zeros(n, 1);
        for (int i = 0; i < n; i++) t.data()[i] = (float) rng.nextInt(K) / K;
        return t;
    }

    /** Largest |a − b| / (1 + |b|) over the elements; shapes must match. */
    public static double maxRelDiff(Tensor a, Tensor b) {
        if (!a.sameShape(b)) throw new IllegalArgumentException("shapes differ: " + a + " vs " + b);
        double worst = 0;
        float[] x = a.data(), y = b.data();
        for (int i = 0; i < a.size(); i++) {
            double d = Math.abs(x[i] - y[i]) / (1 + Math.abs(y[i]));
            if (!(d <= worst)) worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        }
        return worst;
    }

    /** Throws naming {@code what} unless {@code diff <= tol}. */
    public static void check(String what, double diff, double tol) {
        if (!(diff <= tol)) {
            throw new AssertionError(what + ": relative difference " + diff + " exceeds " + tol);
        }
    }

    /** Sum of squares of all parameter gradients (a cheap fingerprint for setup checks; no cancellation). */
    public static double gradSum(Module m) {
        double s = 0;
        for (var p : m.parameters()) {
            if (p.grad() == null) continue;
            for (int i = 0; i < p.grad().size(); i++) s += (double) p.grad().data()[i] * p.grad().data()[i];
        }
        return s;
    }
}
