package io.rldt.jmh;

import io.rldt.core.agent.RldtAgent;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Map;
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
 * One RLDT update step on the reference workload (spec networks, O = 17, A = 6, H = 4, P = 8, K = 8,
 * B = 256 states), jvm-simd with {@code threads} matmul and field threads.
 * <ul>
 *   <li>{@code actor}: {@link RldtAgent#actorStep} with the ensemble critic: B·P = 2048 chains of K Euler
 *       steps, random depth queries, ∇ₐQ of both members, the transport field, v_ref at x', the three losses
 *       (velocity forwards at x_k and x'), backward, Adam.</li>
 *   <li>{@code critic}: {@link CriticEnsemble#step} on the full batch: 256 (s, a) rows split into the two
 *       members' disjoint halves (128 each), MSE to fixed targets, backward, AdamW, EMA target update.</li>
 * </ul>
 * The agent starts from a random pretrained-shaped policy; the actor's tiny learning rate (2e-5, warm-up)
 * keeps the workload stationary across iterations. Setup checks that both steps produce finite losses and
 * actually move the parameters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class RldtStepBench {
    @Param({"1", "2"})
    public int threads;

    // Package-private: PeerReference exports exactly this state for the peers' numerical checks.
    RldtAgent agent;
    Tensor states;
    Tensor[] criticInputs, criticTargets;
    Rng rng;

    @Setup
    public void setup() {
        Workloads.useSimd(threads);
        jitWarmUp(threads);
        build();
        CriticEnsemble critic = agent.critic();
        float before = agent.policy().net().parameters().get(0).value().data()[0];
        Map<String, Double> m = actor();
        for (String key : new String[] {"actor/loss", "actor/phi_norm", "actor/grad_q_norm"}) {
            if (!Double.isFinite(m.get(key))) throw new AssertionError("RldtStepBench: " + key + " = " + m.get(key));
        }
        if (agent.policy().net().parameters().get(0).value().data()[0] == before) {
            throw new AssertionError("RldtStepBench: the actor step did not move the policy");
        }
        double l0 = critic().loss();
        for (int i = 0; i < 5; i++) critic();
        double l1 = critic().loss();
        if (!(Double.isFinite(l0) && l1 < l0)) {
            throw new AssertionError("RldtStepBench: critic loss " + l0 + " -> " + l1 + " after 6 steps, expected a decrease");
        }
    }

    /**
     * The agent (seed 11), the actor's states and the critic's rows and targets (seed 13), and the step's random
     * stream (seed 17), on the current backend: the whole state of the benchmark. The first actor step and the
     * first critic step after this are the ones {@link PeerReference} exports.
     */
    void build() {
        agent = Workloads.agent(threads, 11L);
        Rng data = new Rng(13);
        states = Workloads.normal(data, Workloads.B, Workloads.OBS);
        CriticEnsemble critic = agent.critic();
        int members = critic.members(), rows = Workloads.B / members;
        criticInputs = new Tensor[members];
        criticTargets = new Tensor[members];
        for (int m = 0; m < members; m++) {
            criticInputs[m] = critic.inputs(Workloads.normal(data, rows, Workloads.OBS),
                    Workloads.uniform(data, -1, 1, rows, Workloads.D));
            criticTargets[m] = Workloads.normal(data, rows);
        }
        rng = new Rng(17);
    }

    /**
     * C2 compiles a method for good only after a few hundred calls; one full actor step calls each activation
     * kernel a few dozen times, so a handful of warm-up iterations would measure the Vector API's slow
     * non-intrinsified paths. Many steps on 4 states (a separate agent) get every kernel compiled first,
     * as thousands of steps of a training run would.
     */
    static void jitWarmUp(int threads) {
        RldtAgent warm = Workloads.agent(threads, 23L);
        Rng r = new Rng(29);
        Tensor few = Workloads.normal(r, 4, Workloads.OBS);
        CriticEnsemble c = warm.critic();
        Tensor[] in = {c.inputs(Workloads.normal(r, 8, Workloads.OBS), Workloads.uniform(r, -1, 1, 8, Workloads.D)),
                c.inputs(Workloads.normal(r, 8, Workloads.OBS), Workloads.uniform(r, -1, 1, 8, Workloads.D))};
        Tensor[] y = {Workloads.normal(r, 8), Workloads.normal(r, 8)};
        for (int i = 0; i < 400; i++) {
            warm.actorStep(few, c, r);
            c.step(in, y);
        }
    }

    @Benchmark
    public Map<String, Double> actor() {
        return agent.actorStep(states, agent.critic(), rng);
    }

    @Benchmark
    public CriticEnsemble.StepStats critic() {
        return agent.critic().step(criticInputs, criticTargets);
    }
}
