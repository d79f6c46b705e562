package io.rldt.jmh;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Backends;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward + backward of one spec network at batch 256 on jvm-simd with {@code threads} matmul threads.
 * <ul>
 *   <li>{@code velocity}: v_θ(x [256, 24], t [256, 1] on the Euler grid, s [256, 17]) (ResidualMlp hidden 512,
 *       time embedding), loss {@code Σ v·w} (the shape of L_RL), parameter gradients.</li>
 *   <li>{@code critic}: both members of the ensemble (3×256 SiLU on O + D = 41 inputs), loss {@code Σ_m Σ Q_m},
 *       parameter gradients and ∇ₐQ in the same backward pass.</li>
 * </ul>
 * Setup checks that the loss and gradient fingerprints equal the plain {@code jvm} backend's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MlpBench {
    @Param({"velocity", "critic"})
    public String net;

    @Param({"1", "2"})
    public int threads;

    // Package-private: PeerReference exports exactly this state for the peers' numerical checks.
    VelocityNet velocity;
    CriticEnsemble critic;
    Tensor x, t, s, w, actions;

    @Setup
    public void setup() {
        build();
        Backends.use(new JvmBackend());
        double[] expected = fingerprint();
        Workloads.useSimd(threads);
        double[] got = fingerprint();
        for (int i = 0; i < expected.length; i++) {
            Workloads.check("MlpBench " + net + " fingerprint " + i + " vs jvm",
                    Math.abs(got[i] - expected[i]) / (1 + Math.abs(expected[i])), 1e-3);
        }
    }

    /** Both networks and the inputs, from seed 3, on the current backend (the whole state of the benchmark). */
    void build() {
        Rng rng = new Rng(3);
        var cfg = Workloads.config(threads);
        int n = Workloads.B;
        velocity = new VelocityNet(Workloads.OBS, Workloads.D, cfg.policy(), rng.split());
        critic = new CriticEnsemble(Workloads.OBS, Workloads.D, cfg.critic(), rng.split());
        x = Workloads.normal(rng, n, Workloads.D);
        t = Workloads.gridTimes(rng, n);
        s = Workloads.normal(rng, n, Workloads.OBS);
        w = Workloads.normal(rng, n, Workloads.D);
        actions = Workloads.uniform(rng, -1, 1, n, Workloads.D);
    }

    private double[] fingerprint() {
        Object r = step();
        if (net.equals("velocity")) return new double[] {(Float) r, Workloads.gradSum(velocity)};
        Var a = (Var) r;
        double ga = 0;
        for (float v : a.grad().data()) ga += (double) v * v;
        return new double[] {ga, Workloads.gradSum(critic.onlineModule())};
    }

    @Benchmark
    public Object step() {
        return net.equals("velocity") ? velocityStep() : criticStep();
    }

    private Float velocityStep() {
        velocity.zeroGrad();
        try (Tape tape = Tape.record()) {
            Var v = velocity.forward(Var.constant(x), Var.constant(t), Var.constant(s));
            Var loss = F.sum(F.mul(v, Var.constant(w)));
            tape.backward(loss);
            return loss.item();
        }
    }

    /** Returns the action leaf; its grad holds ∇ₐ Σ_m Σ Q_m. */
    private Var criticStep() {
        critic.onlineModule().zeroGrad();
        Var a = Var.param(actions);
        try (Tape tape = Tape.record()) {
            Var in = F.concat(1, Var.constant(s), a);
            Var total = null;
            for (int m = 0; m < critic.members(); m++) {
                Var q = F.sum(critic.q(m, in));
                total = total == null ? q : F.add(total, q);
            }
            tape.backward(total);
        }
        return a;
    }
}
