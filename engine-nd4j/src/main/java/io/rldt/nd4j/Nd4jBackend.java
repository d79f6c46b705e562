package io.rldt.nd4j;

import io.rldt.engine.BinaryOp;
import io.rldt.engine.Checks;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.MatmulShape;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Cos;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Expm1;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sin;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link io.rldt.engine.Backend} SPI on ND4J 1.0.0-M2.1 (nd4j-native, CPU), name {@code "nd4j-cpu"}.
 *
 * <p>Tensors stay on the JVM heap ({@link Tensor} is a {@code float[]}); ND4J works on off-heap buffers. The
 * design follows what ND4J costs on this hardware (measured by {@code Nd4jTiming}, see the README):
 * <ul>
 *   <li><b>matmul</b>: one BLAS SGEMM per product. Mode {@link GemmMode#DIRECT} (default) calls ND4J's bundled
 *       OpenBLAS ({@code cblas_sgemm}) on the heap arrays themselves, pinned for the call: no copy at all.
 *       Mode {@link GemmMode#STAGED} copies the operands into grow-only off-heap ND4J buffers, runs
 *       {@code Nd4j.gemm} into a preallocated output and copies the result back (ND4J's own GEMM entry point;
 *       {@code mmul}/{@code mmuli} are never used: they allocate, zero and copy). A rank-3 {@code a} times a
 *       rank-2 {@code b} (no transpose of a) is folded into a single {@code [batch·m, k]} product.</li>
 *   <li><b>unary</b> transcendental ops (EXP LOG LOG1P EXPM1 TANH SIGMOID SIN COS) and same-shape
 *       <b>binary</b> ADD SUB MUL DIV: ND4J transform ops on staged copies when the tensor has at least
 *       {@code minElementwise} elements; below that (and for every other op) the JVM reference, because each
 *       ND4J call costs microseconds before it touches data.</li>
 *   <li>Everything else (reductions, broadcasts, layout, random, axpby, fill, copy): the inherited
 *       {@link JvmBackend} code, which is faster than a staged copy plus an ND4J call at every size we use.</li>
 * </ul>
 * Not thread-safe: the staging buffers are shared between calls (one instance per thread).
 */
public class Nd4jBackend extends JvmBackend {

    /** How matmul reaches BLAS. */
    public enum GemmMode {
        /** ND4J's OpenBLAS {@code cblas_sgemm} on the pinned heap arrays: no copies. */
        DIRECT,
        /** Copy into off-heap ND4J buffers, {@code Nd4j.gemm} into a preallocated output, copy back. */
        STAGED
    }

    private final GemmMode gemmMode;
    private final int minElementwise;
    private final Staging stage = new Staging();

    /** Settings from system properties {@code rldt.nd4j.gemm} (direct|staged) and {@code rldt.nd4j.minElementwise}. */
    public Nd4jBackend() {
        this(GemmMode.valueOf(System.getProperty("rldt.nd4j.gemm", "direct").toUpperCase(java.util.Locale.ROOT)),
                Integer.getInteger("rldt.nd4j.minElementwise", 1 << 16));
    }

    /**
     * @param gemmMode       how products reach BLAS
     * @param minElementwise tensors with fewer elements use the JVM code for elementwise ops (0: always ND4J)
     */
    public Nd4jBackend(GemmMode gemmMode, int minElementwise) {
        this.gemmMode = gemmMode;
        this.minElementwise = minElementwise;
        Nd4jRuntime.ensureLoaded();
    }

    @Override
    public String name() {
        return "nd4j-cpu";
    }

    public GemmMode gemmMode() {
        return gemmMode;
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Tensor out, boolean accumulate) {
        MatmulShape s = MatmulShape.of(a, ta, b, tb, out);
        int m = s.m(), k = s.k(), n = s.n(), batch = s.batch();
        if (batch == 0 || m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) java.util.Arrays.fill(out.data(), 0, out.size(), 0f);
            return;
        }
        if (s.bBatchStride() == 0 && !ta && batch > 1) { // [batch, m, k]·[k, n]: one tall product
            m *= batch;
            batch = 1;
        }
        float beta = accumulate ? 1f : 0f;
        float[] ad = a.data(), bd = b.data(), od = out.data();
        for (int bt = 0; bt < batch; bt++) {
            int aOff = s.aBatchStride() * bt, bOff = s.bBatchStride() * bt, oOff = m * n * bt;
            // The float[] overload cannot take an offset, so batch members other than the first go staged.
            if (gemmMode == GemmMode.DIRECT && batch == 1) direct(ad, aOff, ta, bd, bOff, tb, od, oOff, m, n, k, beta);
            else stage.gemm(ad, aOff, ta, bd, bOff, tb, od, oOff, m, n, k, beta);
        }
    }

    /** Row-major SGEMM straight on heap arrays; JavaCPP pins them for the call (no copy). */
    private static void direct(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c, int cOff,
                               int m, int n, int k, float beta) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                m, n, k, 1f, a, ta ? m : k, b, tb ? k : n, beta, c, n);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        if (!nd4jUnary(op) || !x.sameShape(out) || x.size() < Math.max(1, minElementwise)) {
            super.unary(op, x, out);
            return;
        }
        int n = x.size();
        INDArray[] v = stage.load(n, x.data(), null);
        INDArray in = v[0], res = v[2];
        Nd4j.getExecutioner().exec(switch (op) {
            case EXP -> new Exp(in, res);
            case LOG -> new Log(in, res);
            case LOG1P -> new Log1p(in, res);
            case EXPM1 -> new Expm1(in, res);
            case TANH -> new Tanh(in, res);
            case SIGMOID -> new Sigmoid(in, res);
            case SIN -> new Sin(in, res);
            case COS -> new Cos(in, res);
            default -> throw new AssertionError(op);
        });
        stage.store(n, out.data());
    }

    /** The ops ND4J runs here; the rest are cheap enough that the copy would dominate. */
    static boolean nd4jUnary(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, LOG1P, EXPM1, TANH, SIGMOID, SIN, COS -> true;
            default -> false;
        };
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        boolean arith = op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
        if (!arith || !a.sameShape(b) || a.size() < Math.max(1, minElementwise)) {
            super.binary(op, a, b, out);
            return;
        }
        Checks.outShape("binary " + op, out, a.shape(), a, b);
        int n = a.size();
        INDArray[] v = stage.load(n, a.data(), b.data());
        INDArray x = v[0], y = v[1], z = v[2];
        Nd4j.getExecutioner().exec(switch (op) {
            case ADD -> new AddOp(x, y, z);
            case SUB -> new SubOp(x, y, z);
            case MUL -> new MulOp(x, y, z);
            case DIV -> new DivOp(x, y, z);
            default -> throw new AssertionError(op);
        });
        stage.store(n, out.data());
    }
}
