import io.rldt.engine.ActivationKernels;

/**
 * ActivationKernels.biasSilu on [1250, 256] (a critic layer of the hopper-cpu critic steps): best of 300 calls after
 * 100, ns per element, and a hash of the outputs (equal hashes: equal bits). Run against two builds' engine classes
 * to compare them; jmh/README.md quotes it ("SiLU in three passes").
 *
 *   taskset -c 1 java --add-modules jdk.incubator.vector -cp engine/target/classes jmh/tools/micro/BiasSilu.java
 */
public class BiasSilu {
    public static void main(String[] args) {
        int rows = 1250, cols = 256, n = rows * cols;
        float[] x = new float[n], b = new float[cols], pre = new float[n], sig = new float[n], y = new float[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian() * 3;
        for (int j = 0; j < cols; j++) b[j] = (float) r.nextGaussian();
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 400; rep++) {
            long t0 = System.nanoTime();
            ActivationKernels.biasSilu(x, b, pre, sig, y, rows, cols);
            long t1 = System.nanoTime();
            if (rep >= 100) best = Math.min(best, (t1 - t0) / (double) n);
        }
        long h = 0;
        for (int i = 0; i < n; i++) h = h * 31 + Float.floatToRawIntBits(y[i]) + 7L * Float.floatToRawIntBits(sig[i]);
        System.out.printf("biasSilu best %.3f ns/element  hash %x%n", best, h);
    }
}
