package io.rldt.core.agent;

import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;

/**
 * The per-row loops of {@link RldtAgent}'s actor step as named kernels ({@link io.rldt.engine.Backend#kernel}), so
 * that on a device backend they run where the tensors are. Each is the formula in its comment, in the float
 * operations the host loop always used (a run on the simulated device equals the reference bit for bit).
 */
final class RldtKernels {
    private RldtKernels() {}

    /** x' [N, D] = (1 − t')·ε' + t'·a, t' [N, 1]. */
    static final HostKernel INTERPOLATE = new HostKernel("fisher_interpolate", (out, in, p) -> { // in: ε', t', a
        float[] x = out.data(), eps = in[0].data(), t = in[1].data(), a = in[2].data();
        int n = out.dim(0), d = out.dim(1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i * d + j] = (1 - t[i]) * eps[i * d + j] + t[i] * a[i * d + j];
        }
    });

    /** w [N, D] = φ_i / (K(1 − t_i)); p = {K}. */
    static final HostKernel TRANSPORT_WEIGHT = new HostKernel("transport_weight", (w, in, p) -> { // in: φ, t
        float[] out = w.data(), phi = in[0].data(), t = in[1].data();
        int n = w.dim(0), d = w.dim(1), k = (int) p[0];
        for (int i = 0; i < n; i++) {
            float denom = k * (1f - t[i]);
            for (int j = 0; j < d; j++) out[i * d + j] = phi[i * d + j] / denom;
        }
    });

    /** o [N, D] = (x_i − a_i) / (K(1 − t_i)); p = {K}. */
    static final HostKernel CONSISTENCY_OFFSET = new HostKernel("consistency_offset", (o, in, p) -> { // x, a, t
        float[] out = o.data(), x = in[0].data(), a = in[1].data(), t = in[2].data();
        int n = o.dim(0), d = o.dim(1), k = (int) p[0];
        for (int i = 0; i < n; i++) {
            float denom = k * (1f - t[i]);
            for (int j = 0; j < d; j++) out[i * d + j] = (x[i * d + j] - a[i * d + j]) / denom;
        }
    });

    /** out [3] = (1/N)·Σ_i ‖x_i‖ as HostKernel.putDouble, x [N, D]. */
    static final HostKernel MEAN_ROW_NORM = new HostKernel("mean_row_norm", (out, in, p) -> { // in: x
        float[] x = in[0].data();
        int rows = in[0].dim(0), d = in[0].dim(1);
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += (double) x[i * d + j] * x[i * d + j];
            total += Math.sqrt(s);
        }
        HostKernel.putDouble(out.data(), 0, total / rows);
    });

    /** Mean over rows of ‖x_i‖ for x [N, D]: a metric, the one number that leaves a device. */
    static double meanRowNorm(Tensor x) {
        Tensor out = Tensor.zeros(3);
        Backends.current().kernel(MEAN_ROW_NORM, HostKernel.NO_ARGS, out, x);
        return HostKernel.getDouble(out.toArray(), 0);
    }
}
