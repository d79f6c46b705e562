import io.rldt.engine.*;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.core.config.CriticConfig;
/**
 * A hopper-cpu critic step's two halves with the shipped classes: CriticEnsemble.targetValues on 5000 rows (the
 * round's 2 bootstrap actions × 2500 next states, both target members) and CriticEnsemble.step on 2 × 1250 rows
 * (O = 11, D = 12, the spec's 2 × 256 × 3 SiLU critic). Prints p25 / p50 / p90 of the last half of {@code reps}
 * calls. jmh/README.md quotes it ("Per-thread workspaces, kept packings"); run old and new builds alternately:
 *
 *   taskset -c 0,1 java -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp rldt/target/rldt-cli.jar \
 *       jmh/tools/micro/CriticTargets.java 2 200        # threads, reps
 */
public class CriticTargets {
    static Tensor rnd(java.util.Random r, int... s) { float[] x = new float[s[0] * (s.length > 1 ? s[1] : 1)]; for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian(); return Tensor.wrap(x, s); }
    public static void main(String[] a) throws Exception {
        int T = Integer.parseInt(a[0]), reps = Integer.parseInt(a[1]);
        Backends.use(new SimdBackend(T));
        CriticEnsemble c = new CriticEnsemble(11, 12, CriticConfig.defaults(), new Rng(1));
        java.util.Random r = new java.util.Random(2);
        Tensor in = rnd(r, 5000, 23);
        Tensor[] xs = {rnd(r, 1250, 23), rnd(r, 1250, 23)}, ys = {rnd(r, 1250), rnd(r, 1250)};
        long[] tt = new long[reps], ts = new long[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime(); c.targetValues(in, 0); long t1 = System.nanoTime(); c.step(xs, ys, 0); long t2 = System.nanoTime();
            tt[i] = t1 - t0; ts[i] = t2 - t1;
        }
        java.util.Arrays.sort(tt, reps / 2, reps); java.util.Arrays.sort(ts, reps / 2, reps);
        System.out.printf("T=%d target p25 %.2f p50 %.2f p90 %.2f ms  step p50 %.2f ms%n", T, tt[reps * 5 / 8] / 1e6, tt[reps * 3 / 4] / 1e6, tt[reps * 19 / 20] / 1e6, ts[reps * 3 / 4] / 1e6);
    }
}
