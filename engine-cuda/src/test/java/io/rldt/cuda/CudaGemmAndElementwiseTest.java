package io.rldt.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.rldt.engine.BinaryOp;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** cuBLAS GEMM and the elementwise kernels against the JVM reference at network-sized and awkward shapes. */
@Tag("gpu")
class CudaGemmAndElementwiseTest {
    private final JvmBackend ref = new JvmBackend();

    @BeforeEach
    void needsCuda() {
        GpuAssumptions.assumeCuda();
    }

    static Tensor rand(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        new JvmBackend().randomUniform(new Rng(seed), -1f, 1f, t);
        return t;
    }

    @Test
    void gemmMatchesReference() {
        try (CudaBackend cuda = new CudaBackend(0)) {
            int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {257, 57, 512}, {513, 512, 512}, {2048, 512, 24}, {100, 1000, 3}};
            long seed = 1;
            for (int[] s : shapes) {
                for (int flags = 0; flags < 4; flags++) {
                    boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
                    Tensor a = ta ? rand(seed++, s[1], s[0]) : rand(seed++, s[0], s[1]);
                    Tensor b = tb ? rand(seed++, s[2], s[1]) : rand(seed++, s[1], s[2]);
                    Tensor e = rand(seed, s[0], s[2]), x = e.copy();
                    ref.matmul(a, ta, b, tb, e, flags == 3);
                    cuda.matmul(a, ta, b, tb, x, flags == 3);
                    assertGemmClose(e, x, s[1], "gemm " + s[0] + "x" + s[1] + "x" + s[2] + " ta=" + ta + " tb=" + tb);
                }
            }
            // batched with a broadcast operand on either side
            Tensor a3 = rand(9, 5, 33, 17), b2 = rand(10, 17, 9), e = Tensor.zeros(5, 33, 9), x = Tensor.zeros(5, 33, 9);
            ref.matmul(a3, false, b2, false, e, false);
            cuda.matmul(a3, false, b2, false, x, false);
            assertGemmClose(e, x, 17, "batched a3·b2");
            Tensor a2 = rand(11, 33, 17), b3 = rand(12, 5, 9, 17);
            ref.matmul(a2, false, b3, true, e, false);
            cuda.matmul(a2, false, b3, true, x, false);
            assertGemmClose(e, x, 17, "batched a2·b3ᵀ");
        }
    }

    /** FP32 GEMM against double accumulation: error bounded by k·eps·Σ|terms|, with |terms| ≤ 1. */
    static void assertGemmClose(Tensor e, Tensor x, int k, String what) {
        double tol = 1e-5 * Math.max(1, k) + 1e-5;
        for (int i = 0; i < e.size(); i++) {
            if (!(Math.abs(e.data()[i] - x.data()[i]) <= tol)) {
                fail(what + ": element " + i + " is " + x.data()[i] + ", expected " + e.data()[i]);
            }
        }
    }

    @Test
    void elementwiseKernelsMatchReferenceOnLargeArrays() {
        try (CudaBackend cuda = new CudaBackend(0)) {
            int n = (1 << 20) + 3;
            Tensor x = rand(1, n), y = rand(2, n), e = Tensor.zeros(n), o = Tensor.zeros(n);
            for (int i = 0; i < n; i += 97) x.data()[i] *= 40; // exercise exp/tanh tails
            for (UnaryOp op : UnaryOp.values()) {
                ref.unary(op, x, e);
                cuda.unary(op, x, o);
                assertUlps(e, o, 2, "unary " + op);
            }
            for (BinaryOp op : BinaryOp.values()) {
                ref.binary(op, x, y, e);
                cuda.binary(op, x, y, o);
                assertUlps(e, o, 2, "binary " + op);
            }
            ref.axpby(0.3f, x, -1.7f, y, e);
            cuda.axpby(0.3f, x, -1.7f, y, o);
            assertUlps(e, o, 0, "axpby");
        }
    }

    static void assertUlps(Tensor e, Tensor x, int ulps, String what) {
        for (int i = 0; i < e.size(); i++) {
            float a = e.data()[i], b = x.data()[i];
            if (Float.isNaN(a) && Float.isNaN(b)) continue;
            if (Float.compare(a, b) == 0) continue;
            if (Math.abs(a - b) <= ulps * Math.ulp(a) && Float.isFinite(a)) continue;
            assertEquals(a, b, what + " at " + i + " (x=" + i + ")");
        }
    }
}
