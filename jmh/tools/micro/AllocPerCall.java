import io.rldt.engine.*;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.core.config.*;
import io.rldt.core.policy.*;
/**
 * Bytes the calling thread allocates per call (ThreadMXBean) after 60 warm-up rounds, one thread: the critic's
 * target evaluation on 5000 rows, a critic step on 2 × 1250 rows, and the flow policy's 8-step chains for 5000
 * states (a round's bootstrap actions). Deterministic once C2 has compiled the vector loops (before that, the
 * Vector API's fallback allocates). jmh/README.md quotes it ("Per-thread workspaces, kept packings"):
 *
 *   java --add-modules jdk.incubator.vector -cp rldt/target/rldt-cli.jar jmh/tools/micro/AllocPerCall.java
 */
public class AllocPerCall {
    static Tensor rnd(java.util.Random r, int... s) { float[] x = new float[s[0] * (s.length > 1 ? s[1] : 1)]; for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian(); return Tensor.wrap(x, s); }
    public static void main(String[] a) throws Exception {
        Backends.use(new SimdBackend(1));
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CriticEnsemble c = new CriticEnsemble(11, 12, CriticConfig.defaults(), new Rng(1));
        FlowPolicy p = new FlowPolicy(new VelocityNet(11, 12, PolicyConfig.defaults(), new Rng(3)), 8);
        java.util.Random r = new java.util.Random(2);
        Tensor in = rnd(r, 5000, 23), obs = rnd(r, 5000, 11);
        Tensor[] xs = {rnd(r, 1250, 23), rnd(r, 1250, 23)}, ys = {rnd(r, 1250), rnd(r, 1250)};
        Rng rng = new Rng(5);
        for (int i = 0; i < 60; i++) { c.targetValues(in, 0); c.step(xs, ys, 0); p.act(obs, rng, false, 0); }
        long b0 = mx.getCurrentThreadAllocatedBytes(); for (int i = 0; i < 10; i++) c.targetValues(in, 0);
        long b1 = mx.getCurrentThreadAllocatedBytes(); for (int i = 0; i < 10; i++) c.step(xs, ys, 0);
        long b2 = mx.getCurrentThreadAllocatedBytes(); for (int i = 0; i < 10; i++) p.act(obs, rng, false, 0);
        long b3 = mx.getCurrentThreadAllocatedBytes();
        System.out.printf("MB per call: targetValues(5000) %.2f  critic step(2x1250) %.2f  policy.act(5000) %.2f%n", (b1 - b0) / 10e6, (b2 - b1) / 10e6, (b3 - b2) / 10e6);
    }
}
