package io.rldt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The SIMD activation loops against their scalar reference, bit for bit, on awkward sizes (with NaN and −0). */
class ActivationKernelsTest {
    private static final int[] SIZES = {1, 3, 7, 8, 13, 31, 64, 127, 1000};

    private static float[] random(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rng.nextGaussian() * 3);
        if (n > 3) {
            x[1] = Float.NaN;
            x[2] = -0f;
            x[3] = 0f;
        }
        return x;
    }

    @Test
    void elementwiseLoopsMatchTheReference() {
        assumeTrue(FastMath.vectorized(), "Vector API absent");
        for (int n : SIZES) {
            float[] x = random(n, n), g = random(n + 7, n), s = new float[n];
            FastMath.sigmoid(x, s, n);
            float[] e = new float[n], v = new float[n];
            ScalarActivationKernels.relu(x, e, n);
            VectorActivationKernels.relu(x, v, n);
            assertArrayEquals(e, v, "relu n=" + n);
            ScalarActivationKernels.reluGrad(x, g, e, n);
            VectorActivationKernels.reluGrad(x, g, v, n);
            assertArrayEquals(e, v, "reluGrad n=" + n);
            ScalarActivationKernels.mul(x, s, e, n);
            VectorActivationKernels.mul(x, s, v, n);
            assertArrayEquals(e, v, "mul n=" + n);
            ScalarActivationKernels.siluGrad(x, s, g, e, n);
            VectorActivationKernels.siluGrad(x, s, g, v, n);
            assertArrayEquals(e, v, "siluGrad n=" + n);
        }
    }

    @Test
    void rowLoopsMatchTheReference() {
        assumeTrue(FastMath.vectorized(), "Vector API absent");
        for (int cols : SIZES) {
            for (int rows : new int[] {1, 3, 13}) {
                float[] x = random(cols * 31L + rows, rows * cols), b = random(cols, cols);
                float[] e = new float[rows * cols], v = new float[rows * cols];
                ScalarActivationKernels.biasAdd(x, b, e, rows, cols);
                VectorActivationKernels.biasAdd(x, b, v, rows, cols);
                assertArrayEquals(e, v, "biasAdd " + rows + "x" + cols);
                ScalarActivationKernels.biasRelu(x, b, e, rows, cols);
                VectorActivationKernels.biasRelu(x, b, v, rows, cols);
                assertArrayEquals(e, v, "biasRelu " + rows + "x" + cols);
                float[] es = new float[cols], vs = new float[cols];
                ScalarActivationKernels.columnSums(x, rows, cols, es);
                VectorActivationKernels.columnSums(x, rows, cols, vs);
                assertArrayEquals(es, vs, "columnSums " + rows + "x" + cols);
            }
        }
    }

    @Test
    void inPlaceBiasReluEqualsOutOfPlace() {
        float[] x = random(5, 3 * 13), b = random(6, 13), y = new float[3 * 13];
        ActivationKernels.biasRelu(x, b, y, 3, 13);
        ActivationKernels.biasRelu(x, b, x, 3, 13);
        assertArrayEquals(y, x);
    }
}
