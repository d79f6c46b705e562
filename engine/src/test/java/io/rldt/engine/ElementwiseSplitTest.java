package io.rldt.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Elementwise passes split over the engine's workers ({@link SimdBackend#elementwiseParts}) give the bits of the
 * same pass on one thread: ReLU and its gradient, the bias passes, and same-shape and row-broadcast binary ops, on
 * sizes that leave partial vectors inside and at the end of parts. The split threshold is lowered so that these
 * small arrays really run on three threads.
 */
class ElementwiseSplitTest {

    private static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        if (n > 3) {
            a[1] = -0f;
            a[2] = Float.NaN;
        }
        return a;
    }

    /** Runs {@code pass} on one thread and split into parts, returning the output of each. */
    private static float[][] bothWays(int n, Consumer<float[]> pass) {
        Backend previous = Backends.use(new SimdBackend(3));
        int threshold = SimdBackend.elementwiseMinPerPart;
        try {
            float[] one = new float[n], split = new float[n];
            SimdBackend.elementwiseMinPerPart = Integer.MAX_VALUE / 4;
            assertEquals(1, SimdBackend.elementwiseParts(n));
            pass.accept(one);
            SimdBackend.elementwiseMinPerPart = 7;
            assertEquals(n < 14 ? 1 : Math.min(3, n / 7), SimdBackend.elementwiseParts(n));
            pass.accept(split);
            return new float[][] {one, split};
        } finally {
            SimdBackend.elementwiseMinPerPart = threshold;
            Backends.use(previous);
        }
    }

    @Test
    void activationPassesSplitToTheSameBits() {
        if (!FastMath.vectorized()) return; // the split is on the SIMD path only
        for (int cols : new int[] {1, 7, 16, 37, 100}) {
            for (int rows : new int[] {3, 29}) {
                int n = rows * cols;
                float[] x = random(n, n), g = random(n + 1, n), b = random(cols, cols);
                String what = rows + "x" + cols;
                float[][] r = bothWays(n, y -> ActivationKernels.relu(x, y, n));
                assertArrayEquals(r[0], r[1], "relu " + what);
                r = bothWays(n, y -> ActivationKernels.reluGrad(x, g, y, n));
                assertArrayEquals(r[0], r[1], "reluGrad " + what);
                r = bothWays(n, y -> ActivationKernels.biasAdd(x, b, y, rows, cols));
                assertArrayEquals(r[0], r[1], "biasAdd " + what);
                r = bothWays(n, y -> ActivationKernels.biasRelu(x, b, y, rows, cols));
                assertArrayEquals(r[0], r[1], "biasRelu " + what);
            }
        }
    }

    @Test
    void binaryOpsSplitToTheSameBits() {
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAX, BinaryOp.GT}) {
            for (int cols : new int[] {2, 17, 64}) {
                int rows = 31, n = rows * cols;
                Tensor a = Tensor.of(random(op.ordinal() * 100L + cols, n), rows, cols);
                Tensor same = Tensor.of(random(cols + 7, n), rows, cols), row = Tensor.of(random(cols + 9, cols), cols);
                String what = op + " " + rows + "x" + cols;
                float[][] r = bothWays(n, y -> Backends.current().binary(op, a, same, Tensor.wrap(y, rows, cols)));
                assertArrayEquals(r[0], r[1], "same shape " + what);
                r = bothWays(n, y -> Backends.current().binary(op, a, row, Tensor.wrap(y, rows, cols)));
                assertArrayEquals(r[0], r[1], "row broadcast " + what);
                r = bothWays(n, y -> Backends.current().binary(op, row, a, Tensor.wrap(y, rows, cols)));
                assertArrayEquals(r[0], r[1], "row broadcast first " + what);
            }
        }
    }
}
