package io.rldt.core.policy;

import io.rldt.core.config.PolicyConfig;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Arrays;

/**
 * Timing harness (not a test): {@link FlowPolicy#sample} on the reference workload (O = 17, D = 24, spec
 * network, K = 8, N = B·P = 2048 rows). Prints the median and minimum milliseconds per chain.
 *
 * <pre>
 * mvn -q -pl engine,autodiff,kernels,envs-bridge,rldt test-compile
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:autodiff/target/classes:rldt/target/classes:rldt/target/test-classes \
 *      io.rldt.core.policy.SampleTiming [reps]
 * </pre>
 */
public final class SampleTiming {
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Rng rng = new Rng(1);
        FlowPolicy policy = new FlowPolicy(new VelocityNet(17, 24, PolicyConfig.defaults(), rng.split()), 8);
        Tensor obs = Ops.randn(rng, 2048, 17);
        double[] t = new double[reps];
        for (int r = -5; r < reps; r++) {
            long t0 = System.nanoTime();
            policy.sample(obs, rng, false);
            if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf("FlowPolicy.sample N=2048 K=8: median %.2f ms, min %.2f ms%n", t[reps / 2], t[0]);
    }
}
