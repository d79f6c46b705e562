package io.rldt.nd4j;

import io.rldt.engine.BinaryOp;
import io.rldt.engine.Checks;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.MatmulShape;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
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
 * <p>Tensors stay on the JVM heap ({@link Tensor} is a {@code float[]}); ND4J works on off-heap buffers. Each
 * op goes to whichever side was faster in {@code Nd4jTiming} (figures in engine-nd4j/README.md):
 * <ul>
 *   <li><b>matmul</b>: always ND4J's BLAS (OpenBLAS), one SGEMM per product, never {@code mmul}/{@code mmuli}
 *       (they allocate, zero and copy). {@link GemmMode#DIRECT}: ND4J's bundled OpenBLAS {@code cblas_sgemm} on
 *       the heap arrays (JavaCPP hands them to native code with JNI array copies, done in C): lowest fixed cost,
 *       best for small and medium products. {@link GemmMode#STAGED}: operands copied into grow-only off-heap
 *       ND4J buffers, {@code Nd4j.gemm} into a preallocated output, result copied back: best for large
 *       products (no per-call native allocation). {@link GemmMode#AUTO} (default) picks DIRECT up to
 *       {@value #AUTO_DIRECT_MAX_FLOATS} operand floats, else STAGED. A rank-3 {@code a} times a rank-2
 *       {@code b} (a not transposed) is one {@code [batch·m, k]} product; other batches loop (staged).</li>
 *   <li><b>unary</b> EXP LOG LOG1P EXPM1 TANH SIGMOID SIN COS on at least {@code minTranscendental} elements
 *       (default 1024): ND4J transform ops on staged copies (its vectorised transcendental functions beat the
 *       JVM's scalar {@code Math.exp} even after the copies). Other unary ops and smaller tensors: JVM.</li>
 *   <li><b>binary</b> ADD SUB MUL DIV on equal shapes of at least {@code minBinary} elements: ND4J (default:
 *       never, because the JVM is faster at every size measured: these are memory-bound and the copies
 *       dominate). Broadcasts and other ops: JVM.</li>
 *   <li>Everything else (axpby, reductions, layout, random, fill, copy): the inherited {@link JvmBackend}.</li>
 * </ul>
 * Not thread-safe: the staging buffers are shared between calls (one instance per thread).
 */
public class Nd4jBackend extends JvmBackend {

    /** How matmul reaches BLAS. */
    public enum GemmMode {
        /** ND4J's OpenBLAS {@code cblas_sgemm} on the pinned heap arrays: no copies. */
        DIRECT,
        /** Copy into off-heap ND4J buffers, {@code Nd4j.gemm} into a preallocated output, copy back. */
        STAGED,
        /** DIRECT for small products, STAGED for large ones. */
        AUTO
    }

    /** AUTO switches to STAGED above this many operand floats ({@code m·k + k·n + m·n}). */
    public static final long AUTO_DIRECT_MAX_FLOATS = 1L << 21;

    private final GemmMode gemmMode;
    private final int minTranscendental, minBinary;
    private final Staging stage = new Staging();

    /**
     * Settings from system properties: {@code rldt.nd4j.gemm} (auto|direct|staged, default auto),
     * {@code rldt.nd4j.minTranscendental} (default 1024), {@code rldt.nd4j.minBinary} (default: never).
     */
    public Nd4jBackend() {
        this(GemmMode.valueOf(System.getProperty("rldt.nd4j.gemm", "auto").toUpperCase(java.util.Locale.ROOT)),
                Integer.getInteger("rldt.nd4j.minTranscendental", 1024),
                Integer.getInteger("rldt.nd4j.minBinary", Integer.MAX_VALUE));
    }

    /**
     * @param gemmMode          how products reach BLAS
     * @param minTranscendental smaller tensors run transcendental unary ops on the JVM (0: always ND4J)
     * @param minBinary         smaller tensors run ADD SUB MUL DIV on the JVM ({@code Integer.MAX_VALUE}: never ND4J)
     */
    public Nd4jBackend(GemmMode gemmMode, int minTranscendental, int minBinary) {
        this.gemmMode = gemmMode;
        this.minTranscendental = minTranscendental;
        this.minBinary = minBinary;
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
        boolean direct = gemmMode == GemmMode.DIRECT || (gemmMode == GemmMode.AUTO
                && (long) m * k + (long) k * n + (long) m * n <= AUTO_DIRECT_MAX_FLOATS);
        float[] ad = a.data(), bd = b.data(), od = out.data();
        for (int bt = 0; bt < batch; bt++) {
            int aOff = s.aBatchStride() * bt, bOff = s.bBatchStride() * bt, oOff = m * n * bt;
            // The float[] overload cannot take an offset, so batches go staged.
            if (direct && batch == 1) direct(ad, aOff, ta, bd, bOff, tb, od, oOff, m, n, k, beta);
            else stage.gemm(ad, aOff, ta, bd, bOff, tb, od, oOff, m, n, k, beta);
        }
    }

    /** Row-major SGEMM on heap arrays (JavaCPP's JNI glue copies them in and out natively). */
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
        if (!nd4jUnary(op) || !x.sameShape(out) || x.size() < Math.max(1, minTranscendental)) {
            super.unary(op, x, out);
            return;
        }
        int n = x.size();
        INDArray[] v = stage.load(n, x.data(), null);
        Nd4j.getExecutioner().exec(unaryOp(op, v[0], v[2]));
        stage.store(n, out.data());
    }

    /** ND4J's transform op for {@code op} (one of {@link #nd4jUnary}): {@code res = op(in)}. */
    static Op unaryOp(UnaryOp op, INDArray in, INDArray res) {
        return switch (op) {
            case EXP -> new Exp(in, res);
            case LOG -> new Log(in, res);
            case LOG1P -> new Log1p(in, res);
            case EXPM1 -> new Expm1(in, res);
            case TANH -> new Tanh(in, res);
            case SIGMOID -> new Sigmoid(in, res);
            case SIN -> new Sin(in, res);
            case COS -> new Cos(in, res);
            default -> throw new AssertionError(op);
        };
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
        if (!arith || !a.sameShape(b) || a.size() < Math.max(1, minBinary)) {
            super.binary(op, a, b, out);
            return;
        }
        Checks.outShape("binary " + op, out, a.shape(), a, b);
        int n = a.size();
        INDArray[] v = stage.load(n, a.data(), b.data());
        Nd4j.getExecutioner().exec(binaryOp(op, v[0], v[1], v[2]));
        stage.store(n, out.data());
    }

    /** ND4J's pairwise op for ADD SUB MUL DIV: {@code z = op(x, y)}. */
    static CustomOp binaryOp(BinaryOp op, INDArray x, INDArray y, INDArray z) {
        return switch (op) {
            case ADD -> new AddOp(x, y, z);
            case SUB -> new SubOp(x, y, z);
            case MUL -> new MulOp(x, y, z);
            case DIV -> new DivOp(x, y, z);
            default -> throw new AssertionError(op);
        };
    }
}
