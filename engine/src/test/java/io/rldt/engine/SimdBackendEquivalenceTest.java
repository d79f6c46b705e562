package io.rldt.engine;

import static io.rldt.engine.TensorAssert.assertExact;
import static io.rldt.engine.TensorAssert.assertWithin;
import static io.rldt.engine.TensorAssert.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link SimdBackend} against the {@link JvmBackend} specification on awkward sizes (the Lucene pattern),
 * and bit-for-bit determinism of its threaded GEMM across thread counts.
 */
class SimdBackendEquivalenceTest {
    private static final int[] SIZES = BackendContractTest.SIZES;
    private final JvmBackend ref = new JvmBackend();
    private final SimdBackend simd = new SimdBackend(2);

    @Test
    void elementwiseIsBitIdentical() {
        for (int n : SIZES) {
            Tensor a = random(n, 3, n), b = random(n + 1, 3, n), row = random(n + 2, n);
            a.data()[0] = Float.NaN;
            for (UnaryOp op : UnaryOp.values()) {
                Tensor e = Tensor.zeros(3, n), s = Tensor.zeros(3, n);
                ref.unary(op, a, e);
                simd.unary(op, a, s);
                assertExact(e.data(), s, op + " n=" + n);
            }
            for (BinaryOp op : BinaryOp.values()) {
                for (Tensor[] ab : new Tensor[][] {{a, b}, {a, row}, {row, b}, {a, Tensor.scalar(0.25f)},
                        {Tensor.scalar(-2f), b}}) {
                    Tensor e = Tensor.zeros(3, n), s = Tensor.zeros(3, n);
                    ref.binary(op, ab[0], ab[1], e);
                    simd.binary(op, ab[0], ab[1], s);
                    assertExact(e.data(), s, op + " " + Shapes.str(ab[0].shape()) + Shapes.str(ab[1].shape()));
                }
            }
            Tensor e = Tensor.zeros(3, n), s = Tensor.zeros(3, n);
            ref.axpby(0.9f, a, 0.1f, b, e);
            simd.axpby(0.9f, a, 0.1f, b, s);
            assertExact(e.data(), s, "axpby n=" + n);
        }
    }

    @Test
    void reductionsMatchTheDoubleAccumulatedReference() {
        for (int n : SIZES) {
            Tensor x = random(n, 7, n);
            for (ReduceOp op : ReduceOp.values()) {
                for (int[] axes : new int[][] {{1}, {0}, {0, 1}}) {
                    int[] os = Shapes.reduced(x.shape(), axes, false);
                    Tensor e = Tensor.zeros(os), s = Tensor.zeros(os), scale = Tensor.zeros(os);
                    Tensor abs = Tensor.zeros(x.shape());
                    ref.unary(UnaryOp.ABS, x, abs);
                    ref.reduce(op == ReduceOp.MEAN ? op : ReduceOp.SUM, abs, axes, scale);
                    ref.reduce(op, x, axes, e);
                    simd.reduce(op, x, axes, s);
                    assertWithin(e.toDoubles(), scale.toDoubles(), s, Tolerances.F32_REL, Tolerances.F32_ABS,
                            op + " over " + java.util.Arrays.toString(axes) + " n=" + n);
                }
            }
        }
    }

    private void checkMatmul(int batch, int m, int k, int n, boolean ta, boolean tb) {
        Tensor a = random(m + k, batch, ta ? k : m, ta ? m : k), b = random(n + k, tb ? n : k, tb ? k : n);
        Tensor e = Tensor.zeros(batch, m, n), s = Tensor.zeros(batch, m, n), scale = Tensor.zeros(batch, m, n);
        Tensor aa = Tensor.zeros(a.shape()), ba = Tensor.zeros(b.shape());
        ref.unary(UnaryOp.ABS, a, aa);
        ref.unary(UnaryOp.ABS, b, ba);
        ref.matmul(aa, ta, ba, tb, scale, false); // Σ|a||b|: the scale of each dot product's rounding error
        ref.matmul(a, ta, b, tb, e, false);
        simd.matmul(a, ta, b, tb, s, false);
        assertWithin(e.toDoubles(), scale.toDoubles(), s, Tolerances.F32_REL, Tolerances.F32_ABS,
                "matmul " + batch + "x[" + m + "," + k + "]·[" + k + "," + n + "] ta=" + ta + " tb=" + tb);
    }

    @Test
    void matmulMatchesReferenceOnAwkwardSizesAndAllTransposes() {
        int[] sizes = {1, 3, 7, 8, 13, 31, 64, 127};
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            for (int m : sizes) for (int n : sizes) checkMatmul(1, m, sizes[(m + n + t) % sizes.length], n, ta, tb);
            checkMatmul(1, 1000, 13, 31, ta, tb);
            checkMatmul(1, 31, 1000, 7, ta, tb);
            checkMatmul(1, 7, 64, 1000, ta, tb);
            checkMatmul(3, 127, 31, 64, ta, tb);
            checkMatmul(1, 200, 70, 24, ta, tb); // several row blocks, a partial tile, k not a multiple of the pack block
            checkMatmul(1, 13, 2048, 57, ta, tb); // the backward's dW = gᵀ·x shape, long k
        }
    }

    private static float[] gemm(SimdBackend be, Tensor a, boolean ta, Tensor b, boolean tb, int... outShape) {
        Tensor out = random(99, outShape);
        be.matmul(a, ta, b, tb, out, true);
        return out.data();
    }

    @Test
    void threadCountNeverChangesTheBits() {
        // a low split threshold so that these small products really run on 2 and 3 threads
        SimdBackend one = new SimdBackend(1), two = new SimdBackend(2, 1 << 14), three = new SimdBackend(3, 1 << 14);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            Tensor a = random(t, ta ? 100 : 300, ta ? 300 : 100), b = random(t + 9, tb ? 250 : 100, tb ? 100 : 250);
            float[] r1 = gemm(one, a, ta, b, tb, 300, 250);
            assertArrayEquals(r1, gemm(two, a, ta, b, tb, 300, 250), "rows split, ta=" + ta + " tb=" + tb);
            assertArrayEquals(r1, gemm(three, a, ta, b, tb, 300, 250), "3 threads, ta=" + ta + " tb=" + tb);
            Tensor wide = random(t + 1, 2, 700), wb = random(t + 2, tb ? 3000 : 700, tb ? 700 : 3000);
            assertArrayEquals(gemm(one, wide, false, wb, tb, 2, 3000), gemm(two, wide, false, wb, tb, 2, 3000),
                    "columns split");
            Tensor tall = random(t + 5, ta ? 40 : 900, ta ? 900 : 40), thin = random(t + 6, tb ? 24 : 40, tb ? 40 : 24);
            assertArrayEquals(gemm(one, tall, ta, thin, tb, 900, 24), gemm(two, tall, ta, thin, tb, 900, 24),
                    "rows split, narrow n, ta=" + ta + " tb=" + tb);
            Tensor shortA = random(t + 7, ta ? 40 : 24, ta ? 24 : 40), wideB = random(t + 8, tb ? 900 : 40, tb ? 40 : 900);
            assertArrayEquals(gemm(one, shortA, ta, wideB, tb, 24, 900), gemm(two, shortA, ta, wideB, tb, 24, 900),
                    "panels split (n > m), ta=" + ta + " tb=" + tb);
            Tensor ba = random(t + 3, 8, 64, 128), bb = random(t + 4, 8, 128, 96);
            assertArrayEquals(gemm(one, ba, false, bb, false, 8, 64, 96), gemm(three, ba, false, bb, false, 8, 64, 96),
                    "batches split");
        }
    }

    /** The FMA chain every output element must be: c = fma(a[i,p], b[p,j], c) from 0, then out + c when accumulating. */
    private static float[] fmaChain(float[] a, boolean ta, float[] b, boolean tb, float[] out, int m, int k, int n,
                                    boolean acc) {
        float[] r = out.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float c = 0f;
                for (int p = 0; p < k; p++) {
                    c = Math.fma(ta ? a[p * m + i] : a[i * k + p], tb ? b[j * k + p] : b[p * n + j], c);
                }
                r[i * n + j] = acc ? r[i * n + j] + c : c;
            }
        }
        return r;
    }

    @Test
    void everyKernelPathIsTheExactFmaChain() {
        // Packed and in-place left operands, full and edge tiles, narrow and wide outputs: bit for bit, not within a
        // tolerance, against the chain the class comment of SimdGemm promises.
        int nr = 2 * SimdBackend.vectorLength();
        SimdBackend one = new SimdBackend(1);
        // k below one vector (L >= 4), exactly one, one and a tail, several and a tail: the packing's vector paths
        // (six rows interleaved, L×L blocks of bᵀ transposed) and their element-by-element tails
        int k = 17;
        long seed = 1;
        for (int kk : new int[] {3, nr / 2, nr / 2 + 1, 2 * nr + 3}) {
        for (int m : new int[] {1, 5, 7, 13, 97}) {
            for (int n : new int[] {1, nr - 1, nr, 2 * nr, 2 * nr + 1, 3 * nr}) {
                for (int v = 0; v < 8; v++) {
                    boolean ta = (v & 1) != 0, tb = (v & 2) != 0, acc = (v & 4) != 0;
                    Tensor a = random(seed++, ta ? kk : m, ta ? m : kk), b = random(seed++, tb ? n : kk, tb ? kk : n);
                    Tensor out = random(seed++, m, n);
                    float[] expected = fmaChain(a.data(), ta, b.data(), tb, out.data(), m, kk, n, acc);
                    one.matmul(a, ta, b, tb, out, acc);
                    assertArrayEquals(expected, out.data(), m + "x" + kk + "x" + n + " ta=" + ta + " tb=" + tb + " acc=" + acc);
                }
            }
        }
        }
        // batch layouts: both batched, a batched over a shared b (folded into one tall product), a shared
        int batch = 3, m = 13, n = nr + 3;
        for (int layout = 0; layout < 3; layout++) {
            boolean aBatched = layout != 2, bBatched = layout != 1;
            Tensor a = aBatched ? random(seed++, batch, m, k) : random(seed++, m, k);
            Tensor b = bBatched ? random(seed++, batch, k, n) : random(seed++, k, n);
            Tensor out = random(seed++, batch, m, n);
            float[] expected = new float[batch * m * n];
            for (int bt = 0; bt < batch; bt++) {
                float[] ab = java.util.Arrays.copyOfRange(a.data(), aBatched ? bt * m * k : 0, (aBatched ? bt * m * k : 0) + m * k);
                float[] bb = java.util.Arrays.copyOfRange(b.data(), bBatched ? bt * k * n : 0, (bBatched ? bt * k * n : 0) + k * n);
                float[] ob = java.util.Arrays.copyOfRange(out.data(), bt * m * n, (bt + 1) * m * n);
                System.arraycopy(fmaChain(ab, false, bb, false, ob, m, k, n, true), 0, expected, bt * m * n, m * n);
            }
            one.matmul(a, false, b, false, out, true);
            assertArrayEquals(expected, out.data(), "batch layout " + layout);
        }
    }

    @Test
    void packedAndInPlaceLeftOperandsAgreeAcrossThreadCounts() {
        // One thread packs a (4 column panels); two threads with a split threshold of 1 give each task 2 panels
        // and read a in place: the two paths must give the same bits. Also a row split with an edge tile (901 rows,
        // n = 24) and a batch split of a batched a, all accumulating.
        int nr = 2 * SimdBackend.vectorLength();
        SimdBackend one = new SimdBackend(1), two = new SimdBackend(2, 1);
        Tensor a = random(1, 25, 40), b = random(2, 40, 3 * nr + 5);
        assertArrayEquals(gemm(one, a, false, b, false, 25, 3 * nr + 5), gemm(two, a, false, b, false, 25, 3 * nr + 5),
                "panels split: packed on one thread, in place on two");
        Tensor tall = random(3, 901, 40), thin = random(4, 40, 24);
        assertArrayEquals(gemm(one, tall, false, thin, false, 901, 24), gemm(two, tall, false, thin, false, 901, 24),
                "rows split with an edge tile");
        Tensor ba = random(5, 3, 13, 40), bb = random(6, 3, 40, 24);
        assertArrayEquals(gemm(one, ba, false, bb, false, 3, 13, 24), gemm(two, ba, false, bb, false, 3, 13, 24),
                "batches split");
    }

    @Test
    void threadsComeFromTheSystemProperty() {
        String old = System.getProperty("rldt.threads");
        try {
            System.setProperty("rldt.threads", "1");
            assertEquals(1, new SimdBackend().threads());
            System.setProperty("rldt.threads", "2");
            assertEquals(2, new SimdBackend().threads());
        } finally {
            if (old == null) System.clearProperty("rldt.threads");
            else System.setProperty("rldt.threads", old);
        }
        assertEquals("jvm-simd", simd.name());
    }
}
