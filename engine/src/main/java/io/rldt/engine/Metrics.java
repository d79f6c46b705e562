package io.rldt.engine;

/**
 * Numbers that leave the backend for logging: each is reduced where the tensors are (a {@link HostKernel}, so a
 * device reduces on the device) and comes back as one announced download of three floats.
 */
public final class Metrics {
    private Metrics() {}

    /** Σ of every element of {@code xs}, in order, accumulated in double (the order the host loops always used). */
    public static double sum(Tensor... xs) {
        return sum(0, xs);
    }

    /**
     * {@code start} plus every element of {@code xs}, added one by one in double: continuing a running sum with
     * exactly the roundings of {@code for (v : x) start += v}.
     */
    public static double sum(double start, Tensor... xs) {
        Tensor out = Tensor.zeros(3);
        Backends.current().kernel(SUM, new double[] {start}, out, xs);
        return HostKernel.getDouble(out.toArray(), 0);
    }

    private static final HostKernel SUM = new HostKernel("sum_as_double", (out, in, p) -> { // p = {start}
        double s = p[0];
        for (Tensor x : in) {
            float[] d = x.data();
            for (int i = 0, n = x.size(); i < n; i++) s += d[i];
        }
        HostKernel.putDouble(out.data(), 0, s);
    });
}
