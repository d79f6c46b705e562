package io.rldt.engine;

/** The plain loops of {@link ActivationKernels}: the reference its SIMD path is tested against. */
final class ScalarActivationKernels {
    private ScalarActivationKernels() {}

    static void relu(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0f;
    }

    static void reluGrad(float[] y, float[] g, float[] dx, int n) {
        for (int i = 0; i < n; i++) dx[i] = y[i] > 0 ? g[i] : 0f;
    }

    static void biasAdd(float[] x, float[] b, float[] y, int rows, int cols) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j++) y[o + j] = x[o + j] + b[j];
        }
    }

    static void biasRelu(float[] x, float[] b, float[] y, int rows, int cols) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j++) {
                float v = x[o + j] + b[j];
                y[o + j] = v > 0 ? v : 0f;
            }
        }
    }

    static void biasSilu(float[] x, float[] b, float[] pre, float[] sig, float[] y, int rows, int cols) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j++) {
                float v = b == null ? x[o + j] : x[o + j] + b[j];
                float s = FastMath.sigmoid(v);
                if (pre != null) pre[o + j] = v;
                if (sig != null) sig[o + j] = s;
                y[o + j] = v * s;
            }
        }
    }

    static void mul(float[] x, float[] sig, float[] y, int n) {
        for (int i = 0; i < n; i++) y[i] = x[i] * sig[i];
    }

    static void siluGrad(float[] x, float[] sig, float[] g, float[] dx, int n) {
        for (int i = 0; i < n; i++) {
            float s = sig[i];
            dx[i] = g[i] * s * (1 + x[i] * (1 - s));
        }
    }

    static void columnSums(float[] g, int rows, int cols, float[] db) {
        java.util.Arrays.fill(db, 0, cols, 0f);
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            for (int j = 0; j < cols; j++) db[j] += g[o + j];
        }
    }
}
