package io.rldt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastMathTest {
    @Test
    void sigmoid_matches_the_double_reference_on_awkward_sizes() {
        for (int n : new int[] {0, 1, 3, 7, 8, 13, 31, 64, 127, 1000}) {
            float[] x = new float[n], out = new float[n];
            Rng rng = new Rng(n);
            for (int i = 0; i < n; i++) x[i] = (float) (rng.nextGaussian() * 30);
            if (n > 2) {
                x[0] = 0f;
                x[1] = -100f;
                x[2] = 100f;
            }
            FastMath.sigmoid(x, out, n);
            for (int i = 0; i < n; i++) {
                double ref = 1 / (1 + Math.exp(-(double) x[i]));
                assertEquals(ref, out[i], 4 * Math.ulp((float) ref) + 1e-30, "x = " + x[i]);
            }
        }
    }

    @Test
    void exp_of_non_positive_values() {
        float[] x = {0f, -1e-7f, -0.5f, -1f, -10f, -80f, -87f, -100f, Float.NaN, 3f};
        float[] out = new float[x.length];
        FastMath.expNonPositive(x, out, x.length);
        for (int i = 0; i < 7; i++) {
            double ref = Math.exp(x[i]);
            assertEquals(ref, out[i], 3 * Math.ulp((float) ref), "x = " + x[i]);
        }
        assertEquals(0f, out[7]);
        assertTrue(Float.isNaN(out[8]));
        assertEquals(1f, out[9]); // clamped to exp(0)
    }

    private static double mishRef(double x) {
        double sp = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        return x * Math.tanh(sp);
    }

    @Test
    void mish_and_its_gradient_match_the_double_reference_on_awkward_sizes() {
        for (int n : new int[] {1, 3, 7, 8, 13, 31, 64, 127, 1000}) {
            float[] x = new float[n], g = new float[n], y = new float[n], dx = new float[n];
            Rng rng = new Rng(n + 5);
            for (int i = 0; i < n; i++) {
                x[i] = (float) (rng.nextGaussian() * 8);
                g[i] = (float) rng.nextGaussian();
            }
            if (n > 3) {
                x[0] = 0f;
                x[1] = -100f;
                x[2] = 100f;
                x[3] = -1e-3f;
            }
            FastMath.mish(x, y, n);
            FastMath.mishGrad(x, g, dx, n);
            for (int i = 0; i < n; i++) {
                double v = x[i], ref = mishRef(v), h = 1e-4 * Math.max(1, Math.abs(v));
                double dref = g[i] * (mishRef(v + h) - mishRef(v - h)) / (2 * h);
                assertEquals(ref, y[i], 4 * Math.ulp((float) ref) + 1e-30, "mish x = " + v);
                assertEquals(dref, dx[i], 1e-5 * (1 + Math.abs(dref)) + 1e-6 * Math.abs(g[i]), "mish' x = " + v);
            }
        }
        float[] nan = {Float.NaN};
        FastMath.mish(nan, nan, 1);
        assertTrue(Float.isNaN(nan[0]));
    }
}
