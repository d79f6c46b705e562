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
            VectorActivationKernels.relu(x, v, 0, n);
            assertArrayEquals(e, v, "relu n=" + n);
            ScalarActivationKernels.reluGrad(x, g, e, n);
            VectorActivationKernels.reluGrad(x, g, v, 0, n);
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
                VectorActivationKernels.biasAdd(x, b, v, 0, rows, cols);
                assertArrayEquals(e, v, "biasAdd " + rows + "x" + cols);
                ScalarActivationKernels.biasRelu(x, b, e, rows, cols);
                VectorActivationKernels.biasRelu(x, b, v, 0, rows, cols);
                assertArrayEquals(e, v, "biasRelu " + rows + "x" + cols);
                float[] es = new float[cols], vs = new float[cols];
                ScalarActivationKernels.columnSums(x, rows, cols, es);
                VectorActivationKernels.columnSums(x, rows, cols, vs);
                assertArrayEquals(es, vs, "columnSums " + rows + "x" + cols);
            }
        }
    }

    /**
     * The fused bias + SiLU pass against the three passes it replaces, on each path (the SIMD σ is a polynomial,
     * the plain one Math.exp, so each path is compared with its own separate passes), with and without a bias,
     * keeping pre-activation and σ or not, and in place (pre = x).
     */
    @Test
    void fusedBiasSiluEqualsBiasSigmoidAndProduct() {
        for (int cols : SIZES) {
            for (int rows : new int[] {1, 3, 13}) {
                int n = rows * cols;
                float[] x = random(cols * 17L + rows, n), b = random(cols + 1, cols);
                for (boolean bias : new boolean[] {true, false}) {
                    float[] bb = bias ? b : null;
                    // the separate passes, plain path
                    float[] pre = new float[n], sig = new float[n], y = new float[n];
                    if (bias) ScalarActivationKernels.biasAdd(x, b, pre, rows, cols);
                    else System.arraycopy(x, 0, pre, 0, n);
                    for (int i = 0; i < n; i++) sig[i] = FastMath.sigmoid(pre[i]);
                    ScalarActivationKernels.mul(pre, sig, y, n);
                    float[] fp = new float[n], fs = new float[n], fy = new float[n];
                    ScalarActivationKernels.biasSilu(x, bb, fp, fs, fy, rows, cols);
                    String what = rows + "x" + cols + (bias ? " bias" : " no bias");
                    assertArrayEquals(pre, fp, "plain pre " + what);
                    assertArrayEquals(sig, fs, "plain sig " + what);
                    assertArrayEquals(y, fy, "plain y " + what);
                    if (!FastMath.vectorized()) continue;
                    // the separate passes, SIMD path
                    if (bias) VectorActivationKernels.biasAdd(x, b, pre, 0, rows, cols);
                    else System.arraycopy(x, 0, pre, 0, n);
                    FastMath.sigmoid(pre, sig, n);
                    VectorActivationKernels.mul(pre, sig, y, n);
                    VectorActivationKernels.biasSilu(x, bb, fp, fs, fy, rows, cols);
                    assertArrayEquals(pre, fp, "simd pre " + what);
                    assertArrayEquals(sig, fs, "simd sig " + what);
                    assertArrayEquals(y, fy, "simd y " + what);
                    float[] only = new float[n], inPlace = x.clone();
                    VectorActivationKernels.biasSilu(x, bb, null, null, only, rows, cols);
                    assertArrayEquals(y, only, "simd y without pre/sig " + what);
                    ActivationKernels.biasSilu(inPlace, bb, inPlace, fs, fy, rows, cols);
                    assertArrayEquals(pre, inPlace, "in-place pre " + what);
                    assertArrayEquals(y, fy, "in-place y " + what);
                }
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
