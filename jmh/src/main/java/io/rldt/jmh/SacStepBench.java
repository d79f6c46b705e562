package io.rldt.jmh;

import io.rldt.core.agent.SacAgent;
import io.rldt.core.config.SacConfig;
import io.rldt.core.data.ReplayBuffer;
import io.rldt.engine.Rng;
import java.util.Arrays;
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
 * SAC's update on HalfCheetah-v4's sizes ({@code O = 17}, {@code A = 6}, action box [−1, 1]^6) with CleanRL's
 * settings ({@link SacConfig.Algo#cleanRl()}: batch 256, actor and twin critics 2×256 ReLU, Adam 3e-4 / 1e-3,
 * α autotuned, τ = 0.005, policy frequency 2), jvm-simd with {@code threads} matmul threads.
 *
 * <p><b>One op = two env steps' worth of updates</b>, so that it is the same work every call: two consecutive
 * {@link SacAgent#update} calls, each on a fresh batch of 256 drawn from the replay buffer (the draw is
 * <em>included</em> in the time, as CleanRL samples once per env step):
 * <ul>
 *   <li>odd step: critic step + Polyak update;</li>
 *   <li>even step: critic step + 2 × (actor step + α step) + Polyak update.</li>
 * </ul>
 * Half an op is the average update cost per env step of a CleanRL SAC run. The replay buffer holds 100,000
 * synthetic transitions (s, s' ~ N(0, 1), a ~ U(−1, 1), r ~ 5 + N(0, 1), never terminated — HalfCheetah has no
 * terminal states). The PyTorch peer ({@code sac_step} in {@code jmh/pytorch/workloads.py}) is the same op on
 * CleanRL's own code.
 *
 * <p>Setup checks, on a fixed batch, that 30 updates give finite critic, actor and α losses and that the
 * critic loss falls (mean of the last 5 below 0.9 × the mean of the first 5).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SacStepBench {
    public static final int OBS = 17, ACT = 6, REPLAY = 100_000;

    @Param({"1", "2"})
    public int threads;

    private SacAgent agent;
    private ReplayBuffer replay;
    private int batch;
    private Rng rng;
    private long step;

    @Setup
    public void setup() {
        Workloads.useSimd(threads);
        SacConfig.Algo cfg = SacConfig.Algo.cleanRl();
        batch = cfg.batchSize();
        jitWarmUp(cfg);
        agent = agent(cfg, 31L);
        replay = replay(new Rng(37), REPLAY);
        rng = new Rng(41);
        // A fixed batch: the critic must fit it (y moves only through α, the actor and the slow targets).
        ReplayBuffer.Batch fixed = replay.sample(batch, new Rng(43));
        double[] critic = new double[30];
        for (int i = 0; i < critic.length; i++) {
            Map<String, Double> m = agent.update(fixed, i + 1, rng);
            critic[i] = m.get("sac/critic_loss");
            for (var e : m.entrySet()) {
                if (!Double.isFinite(e.getValue())) throw new AssertionError("SacStepBench: " + e.getKey() + " = " + e.getValue());
            }
            if ((i + 1) % 2 == 0 && !(m.containsKey("sac/actor_loss") && m.containsKey("sac/alpha_loss"))) {
                throw new AssertionError("SacStepBench: an even step trained no actor or α: " + m.keySet());
            }
        }
        double first = Arrays.stream(critic, 0, 5).average().orElseThrow();
        double last = Arrays.stream(critic, critic.length - 5, critic.length).average().orElseThrow();
        if (!(last < 0.9 * first)) {
            throw new AssertionError("SacStepBench: critic loss " + first + " -> " + last + " over 30 steps on a fixed batch, expected a fall");
        }
        step = critic.length; // even: the next op starts on an odd step
    }

    /** The agent of the benchmark: CleanRL's settings on HalfCheetah's sizes, action box [−1, 1]^6. */
    static SacAgent agent(SacConfig.Algo cfg, long seed) {
        double[] low = new double[ACT], high = new double[ACT];
        Arrays.fill(low, -1);
        Arrays.fill(high, 1);
        return new SacAgent(cfg, OBS, ACT, low, high, new Rng(seed));
    }

    /** {@code n} synthetic transitions: s, s' ~ N(0, 1), a ~ U(−1, 1), r ~ 5 + N(0, 1), never terminated. */
    static ReplayBuffer replay(Rng r, int n) {
        ReplayBuffer rb = new ReplayBuffer(n, OBS, ACT);
        double[] s = new double[OBS], s2 = new double[OBS], a = new double[ACT];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < OBS; j++) {
                s[j] = r.nextGaussian();
                s2[j] = r.nextGaussian();
            }
            for (int j = 0; j < ACT; j++) a[j] = 2 * r.nextDouble() - 1;
            rb.add(s, a, 5 + r.nextGaussian(), s2, false);
        }
        return rb;
    }

    /**
     * Gets every kernel C2-compiled before the measured agent runs (as thousands of updates of a training run
     * would): 300 ops on batches of 16 with a separate agent. See {@link RldtStepBench#jitWarmUp}.
     */
    static void jitWarmUp(SacConfig.Algo cfg) {
        SacAgent warm = agent(cfg, 47L);
        Rng r = new Rng(53);
        ReplayBuffer rb = replay(r, 1000);
        for (int i = 1; i <= 600; i++) warm.update(rb.sample(16, r), i, r);
    }

    /** Two env steps' updates: odd step (critic + Polyak), even step (critic + 2 actor + 2 α + Polyak). */
    @Benchmark
    public Map<String, Double> sacStep() {
        agent.update(replay.sample(batch, rng), ++step, rng);
        return agent.update(replay.sample(batch, rng), ++step, rng);
    }
}
