package io.rldt.cuda;

import io.rldt.engine.BinaryOp;
import io.rldt.engine.Checks;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.MatmulShape;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;

/**
 * The {@link io.rldt.engine.Backend} SPI with CUDA for the heavy primitives, name {@code "cuda"}.
 *
 * <p>Tensors live on the JVM heap, so every device call uploads its operands and downloads its result
 * (grow-only device buffers, no allocation once warm). That round trip only pays for work that is large
 * compared with the bytes moved:
 * <ul>
 *   <li><b>matmul</b>: cuBLAS SGEMM (strided-batched for rank-3 operands; a broadcast rank-2 operand has stride
 *       0), FP32 math (no TF32), every size.</li>
 *   <li><b>unary</b> (all ops), same-shape <b>binary</b> (all ops) and <b>axpby</b>: NVRTC-compiled kernels
 *       with Java's semantics, for tensors of at least {@code minElementwise} elements (default 2^20;
 *       elementwise work is memory-bound, so a PCIe round trip rarely beats the JVM). Below it, and for
 *       broadcasts, reductions, layout and random ops: the inherited {@link JvmBackend} code.</li>
 * </ul>
 * Not thread-safe (shared device buffers).
 */
public class CudaBackend extends JvmBackend implements AutoCloseable {
    private final Cuda cuda;
    private final Kernels kernels;
    private final int minElementwise;
    private final DeviceBuffer x = newBuffer(), y = newBuffer(), z = newBuffer();

    /** {@code minElementwise} from the system property {@code rldt.cuda.minElementwise} (default 2^20). */
    public CudaBackend() {
        this(Integer.getInteger("rldt.cuda.minElementwise", 1 << 20));
    }

    /** @param minElementwise smaller elementwise ops run on the JVM (0: all on the device) */
    public CudaBackend(int minElementwise) {
        this.cuda = Cuda.get();
        this.kernels = Kernels.get(cuda);
        this.minElementwise = minElementwise;
    }

    private DeviceBuffer newBuffer() {
        return new DeviceBuffer(Cuda.get());
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Tensor out, boolean accumulate) {
        MatmulShape s = MatmulShape.of(a, ta, b, tb, out);
        int m = s.m(), n = s.n(), k = s.k(), batch = s.batch();
        if (batch == 0 || m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) java.util.Arrays.fill(out.data(), 0, out.size(), 0f);
            return;
        }
        long strideA = s.aBatchStride(), strideB = s.bBatchStride();
        if (strideB == 0 && !ta && batch > 1) { // [batch, m, k]·[k, n] is one [batch·m, k]·[k, n] product
            m *= batch;
            batch = 1;
        }
        cuda.bind();
        long da = x.load(a.data(), 0, a.size());
        long db = y.load(b.data(), 0, b.size());
        long dc = accumulate ? z.load(out.data(), 0, out.size()) : z.ensure(out.size());
        cuda.sgemm(ta, tb, m, n, k, da, strideA, db, strideB, accumulate ? 1f : 0f, dc, batch);
        cuda.download(dc, out.data(), 0, out.size());
    }

    @Override
    public void unary(UnaryOp op, Tensor in, Tensor out) {
        if (!in.sameShape(out) || in.size() < Math.max(1, minElementwise)) {
            super.unary(op, in, out);
            return;
        }
        int n = in.size();
        cuda.bind();
        long dx = x.load(in.data(), 0, n), dz = z.ensure(n);
        cuda.launch(kernels.unary, Kernels.blocks(n), 256, 0, op.ordinal(), dx, dz, (long) n);
        cuda.download(dz, out.data(), 0, n);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (!a.sameShape(b) || a.size() < Math.max(1, minElementwise)) {
            super.binary(op, a, b, out);
            return;
        }
        Checks.outShape("binary " + op, out, a.shape(), a, b);
        int n = a.size();
        cuda.bind();
        long da = x.load(a.data(), 0, n), db = y.load(b.data(), 0, n), dz = z.ensure(n);
        cuda.launch(kernels.binary, Kernels.blocks(n), 256, 0, op.ordinal(), da, db, dz, (long) n);
        cuda.download(dz, out.data(), 0, n);
    }

    @Override
    public void axpby(float alpha, Tensor xs, float beta, Tensor ys, Tensor out) {
        Checks.sameShape("axpby", xs, ys);
        Checks.sameShape("axpby", xs, out);
        int n = xs.size();
        if (n < Math.max(1, minElementwise)) {
            super.axpby(alpha, xs, beta, ys, out);
            return;
        }
        cuda.bind();
        long dx = x.load(xs.data(), 0, n), dy = y.load(ys.data(), 0, n), dz = z.ensure(n);
        cuda.launch(kernels.axpby, Kernels.blocks(n), 256, 0, alpha, dx, beta, dy, dz, (long) n);
        cuda.download(dz, out.data(), 0, n);
    }

    @Override
    public void close() {
        x.close();
        y.close();
        z.close();
    }
}
