package io.rldt.kernels;

import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.engine.Tolerances;

import static org.junit.jupiter.api.Assertions.fail;

/** Random field inputs and float-vs-double comparisons shared by the kernel tests. */
final class FieldData {
    final Tensor queries;   // [B, P, D]
    final Tensor centres;   // [B, P', D]
    final Tensor gradients; // [B, P', D]

    private FieldData(Tensor queries, Tensor centres, Tensor gradients) {
        this.queries = queries;
        this.centres = centres;
        this.gradients = gradients;
    }

    /**
     * Centres ~ N(0, 1), queries = centres' first P rows plus N(0, 0.3²) noise (queries near the samples,
     * as the expected targets a† are), gradients ~ N(0, 1).
     */
    static FieldData random(long seed, int b, int p, int pc, int d) {
        Rng rng = new Rng(seed);
        Tensor a = gaussian(rng, 1.0, b, pc, d);
        Tensor g = gaussian(rng, 1.0, b, pc, d);
        Tensor q = gaussian(rng, 0.3, b, p, d);
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < p; i++) {
                for (int k = 0; k < d; k++) {
                    q.data()[(s * p + i) * d + k] += a.data()[(s * pc + i % pc) * d + k];
                }
            }
        }
        return new FieldData(q, a, g);
    }

    static Tensor gaussian(Rng rng, double sigma, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) (sigma * rng.nextGaussian());
        return t;
    }

    /**
     * Element-wise {@code |actual − expected| <= F32_ABS·scale + F32_REL·|expected|}: the field is a sum of
     * terms of either sign, so its float rounding error scales with the size of the terms ({@code scale}, the
     * largest |φ| in the batch) rather than with each element.
     */
    static void assertClose(String what, Tensor expected, Tensor actual) {
        float[] e = expected.data(), x = actual.data();
        double scale = 1;
        for (float v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) {
            if (!Tolerances.close(x[i], e[i], Tolerances.F32_REL, Tolerances.F32_ABS * scale)) {
                fail(what + ": element " + i + " is " + x[i] + ", expected " + e[i] + " (scale " + scale + ")");
            }
        }
    }
}
