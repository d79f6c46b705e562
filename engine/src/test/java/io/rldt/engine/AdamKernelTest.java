package io.rldt.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The SIMD Adam update against its scalar reference loop, bit for bit, on awkward sizes and in every mode. */
class AdamKernelTest {
    @Test
    void simdUpdateEqualsTheScalarLoop() {
        for (int n : new int[] {1, 3, 7, 8, 13, 31, 64, 127, 1000}) {
            for (int mode = 0; mode < 3; mode++) {
                AdamKernel.Step s = new AdamKernel.Step(1e-3f / 0.19f, 0.9f, 0.999f, 0.1f, 0.001f,
                        (float) Math.sqrt(1 - Math.pow(0.999, 3)), 1e-8f, mode == 1, 0.01f, mode == 2, 1 - 1e-5f);
                Rng rng = new Rng(n * 3L + mode);
                float[][] a = new float[4][n];
                for (float[] x : a) for (int i = 0; i < n; i++) x[i] = (float) rng.nextGaussian();
                for (int i = 0; i < n; i++) a[3][i] = Math.abs(a[3][i]); // v ≥ 0
                float[][] e = {a[0].clone(), a[1].clone(), a[2].clone(), a[3].clone()};
                for (int step = 0; step < 3; step++) {
                    AdamKernel.scalar(e[0], e[1], e[2], e[3], 0, n, s);
                    AdamKernel.update(a[0], a[1], a[2], a[3], n, s);
                }
                String what = "n=" + n + " mode=" + mode;
                assertArrayEquals(e[0], a[0], what + " p");
                assertArrayEquals(e[2], a[2], what + " m");
                assertArrayEquals(e[3], a[3], what + " v");
            }
        }
    }
}
