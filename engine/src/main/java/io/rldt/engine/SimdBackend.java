package io.rldt.engine;

import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link JvmBackend} with Vector API fast paths ({@code FloatVector.SPECIES_PREFERRED}) for the hot
 * primitives: same-shape unary/binary elementwise ops, row-vector and scalar broadcasts, axpby, reductions
 * over trailing or leading axes, and matmul (a packed, register-blocked, multi-threaded kernel, see
 * {@link SimdGemm}). Everything else (transcendental functions, other broadcasts, layout ops, random) is
 * the inherited reference code.
 *
 * <p>Elementwise fast paths give bit-identical results to {@link JvmBackend}; sums and products
 * accumulate in float32 in a different order (within {@code Tolerances}). Results never depend on the thread
 * count. Requires {@code --add-modules jdk.incubator.vector}; {@link Backends} falls back to {@code "jvm"}
 * when the module is missing.
 */
public class SimdBackend extends JvmBackend {
    private static final VectorSpecies<Float> S = SimdGemm.S;
    private static final int L = S.length();

    /**
     * The vector width the fast paths use (the CPU's preferred: 256 bits with AVX2, 512 with AVX-512). Sums are in
     * a fixed order for one width, so runs are bit-identical on machines of one width; across widths the lane
     * blocking differs and float results differ in the last bits.
     */
    public static int vectorBits() {
        return S.vectorBitSize();
    }

    private final SimdGemm gemm;

    /** Uses {@code rldt.threads} worker threads for large products (default: available processors). */
    public SimdBackend() {
        this(Integer.getInteger("rldt.threads", Runtime.getRuntime().availableProcessors()));
    }

    /** Uses {@code threads} (≥ 1) threads for large products; 1 runs everything on the calling thread. */
    public SimdBackend(int threads) {
        this.gemm = new SimdGemm(threads);
    }

    /** For tests: splits products of at least {@code minFmasPerThread} multiply-adds per thread. */
    SimdBackend(int threads, long minFmasPerThread) {
        this.gemm = new SimdGemm(threads, minFmasPerThread);
    }

    @Override
    public String name() {
        return "jvm-simd";
    }

    /** Threads used by matmul. */
    public int threads() {
        return gemm.threads();
    }

    /** {@inheritDoc} Packed panels of {@code Wᵀ} are kept per weight array until the outermost scope closes. */
    @Override
    public Scope constantWeights() {
        return SimdGemm.constantWeights();
    }

    /**
     * {@inheritDoc} Up to {@link #threads()} tasks at a time: worker {@code w} (the caller is worker 0) runs tasks
     * {@code w, w + T, w + 2T, …}, and a task's products use {@code threads / T} threads (one on a 2-core machine
     * with two critic members, eight each on 16), so the cores are shared between tasks instead of oversubscribed.
     * A nested call runs its tasks in order. An interrupt while waiting stays set; the call still waits for every task.
     */
    @Override
    public void parallel(int tasks, IntConsumer body) {
        int t = Math.min(threads(), tasks);
        if (t <= 1 || SimdGemm.TASK_THREADS.get() > 0) {
            super.parallel(tasks, body);
            return;
        }
        int budget = Math.max(1, threads() / t);
        Throwable[] failures = new Throwable[tasks];
        // the engine's workers; a task's own products take other gangs of them (a busy gang is never handed out)
        WorkerGang.Shared.ENGINE.run(t, w -> runTasks(w, t, budget, tasks, body, failures));
        for (Throwable f : failures) {
            if (f instanceof RuntimeException r) throw r;
            if (f instanceof Error err) throw err;
        }
    }

    /**
     * Tasks {@code first, first + stride, …} on this thread, their products on {@code budget} threads; failures go
     * to {@code failures} by task index.
     */
    private static void runTasks(int first, int stride, int budget, int tasks, IntConsumer body, Throwable[] failures) {
        int outer = SimdGemm.TASK_THREADS.get();
        SimdGemm.TASK_THREADS.set(budget);
        try {
            for (int i = first; i < tasks; i += stride) {
                try {
                    body.accept(i);
                } catch (RuntimeException | Error e) {
                    failures[i] = e;
                }
            }
        } finally {
            SimdGemm.TASK_THREADS.set(outer);
        }
    }

    /**
     * Elementwise passes with fewer than this many floats per part stay on the calling thread: 2¹⁸ floats (1 MiB,
     * about an L2 cache). Splitting the velocity net's [256, 512] passes (2¹⁶ floats a part) made its fwd+bwd 14 %
     * slower at 2 threads (data the next op reads on the caller's core was written on the other), while the actor
     * step's [2048, 512] passes gain (jmh/README.md). Mutable for tests only.
     */
    static int elementwiseMinPerPart = 1 << 18;

    /**
     * How many parts an elementwise pass over {@code elements} floats is split into, for the static kernels of
     * {@link ActivationKernels}: the current backend's threads when it is a {@code jvm-simd} backend (inside a
     * {@link #parallel} task: the task's share), at least {@link #elementwiseMinPerPart} floats each; 1 runs it
     * inline. This backend's own binary ops use its own thread count. Each element is computed alone, so the split
     * never changes a bit.
     */
    static int elementwiseParts(long elements) {
        if (elements < 2L * elementwiseMinPerPart) return 1; // before the lookup: most passes are small
        return Backends.current() instanceof SimdBackend simd ? elementwiseParts(elements, simd.threads()) : 1;
    }

    /** {@link #elementwiseParts(long)} for a backend with {@code threads} threads (this one's own passes). */
    static int elementwiseParts(long elements, int threads) {
        if (elements < 2L * elementwiseMinPerPart) return 1;
        int budget = SimdGemm.TASK_THREADS.get(), cap = budget > 0 ? Math.min(threads, budget) : threads;
        return (int) Math.max(1, Math.min(cap, elements / elementwiseMinPerPart));
    }

    /** A pass over the index range {@code [from, to)}. */
    interface Range {
        void run(int from, int to);
    }

    /**
     * {@code pass} over {@code [0, count)} in {@code parts} contiguous ranges (at most one per unit), the first on
     * the caller, the others on the engine's workers. Callers run a single part inline themselves, before building
     * a {@code pass}: the small passes of a training step then allocate nothing.
     */
    static void inParts(int count, int parts, Range pass) {
        int k = Math.min(parts, count);
        if (k <= 1) {
            pass.run(0, count);
            return;
        }
        // long products: no overflow for arrays of up to 2³¹ floats
        WorkerGang.Shared.ENGINE.run(k, p -> pass.run((int) ((long) count * p / k), (int) ((long) count * (p + 1) / k)));
    }

    /** {@link #inParts} over {@code n} floats in ranges of whole vectors (the last part takes the tail). */
    static void inVectorParts(int n, int parts, Range pass) {
        inParts((n + L - 1) / L, parts, (v0, v1) -> pass.run(Math.min(n, v0 * L), Math.min(n, v1 * L)));
    }

    /** Floats per vector of the preferred species on this machine (for logs). */
    public static int vectorLength() {
        return L;
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        if (!vectorUnary(op) || !x.sameShape(out)) {
            super.unary(op, x, out);
            return;
        }
        float[] xd = x.data(), od = out.data();
        int n = x.size(), end = S.loopBound(n), i;
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        // One loop per operation, the switch outside: a vector produced by a switch inside the loop can reach
        // the store through a merge C2 does not always scalarise, and then every lane op runs the Vector API's
        // Java fallback (seen in a profile of the staged off-heap RELU: stOp, blend frames).
        switch (op) {
            case NEG -> { for (i = 0; i < end; i += L) FloatVector.fromArray(S, xd, i).neg().intoArray(od, i); }
            case ABS -> { for (i = 0; i < end; i += L) FloatVector.fromArray(S, xd, i).abs().intoArray(od, i); }
            case SQRT -> { for (i = 0; i < end; i += L) FloatVector.fromArray(S, xd, i).sqrt().intoArray(od, i); }
            case SQUARE -> {
                for (i = 0; i < end; i += L) {
                    FloatVector v = FloatVector.fromArray(S, xd, i);
                    v.mul(v).intoArray(od, i);
                }
            }
            case RECIPROCAL -> { for (i = 0; i < end; i += L) one.div(FloatVector.fromArray(S, xd, i)).intoArray(od, i); }
            case RELU -> { // NaN → 0 like the reference
                for (i = 0; i < end; i += L) {
                    FloatVector v = FloatVector.fromArray(S, xd, i);
                    zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(od, i);
                }
            }
            case STEP -> {
                for (i = 0; i < end; i += L) {
                    zero.blend(one, FloatVector.fromArray(S, xd, i).compare(VectorOperators.GT, 0f)).intoArray(od, i);
                }
            }
            default -> throw new AssertionError(op);
        }
        for (i = end; i < n; i++) od[i] = op.apply(xd[i]);
    }

    private static boolean vectorUnary(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SQRT, SQUARE, RECIPROCAL, RELU, STEP -> true;
            default -> false;
        };
    }

    private static boolean vectorBinary(BinaryOp op) {
        return op != BinaryOp.POW;
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        Checks.outShape("binary " + op, out, shape, a, b);
        int n = out.size();
        if (!vectorBinary(op) || n == 0) {
            super.binary(op, a, b, out);
        } else if (a.size() == n && b.size() == n) {
            float[] ad = a.data(), bd = b.data(), od = out.data();
            int parts = elementwiseParts(n, threads());
            if (parts == 1) row(op, ad, 0, bd, 0, od, 0, n);
            else inVectorParts(n, parts, (from, to) -> row(op, ad, from, bd, from, od, from, to - from));
        } else if (a.size() == n && isTrailing(b.shape(), shape)) {
            // b is a row vector (or scalar) repeated over a's leading dims
            rows(op, a.data(), b.data(), false, true, out.data(), n / b.size(), b.size(), threads());
        } else if (b.size() == n && isTrailing(a.shape(), shape)) {
            rows(op, a.data(), b.data(), true, false, out.data(), n / a.size(), a.size(), threads());
        } else {
            super.binary(op, a, b, out);
        }
    }

    /** True when {@code s} broadcast to {@code target} repeats it over leading dims only (scalar or row). */
    private static boolean isTrailing(int[] s, int[] target) {
        int size = Shapes.size(s);
        if (size == 1) return true;
        int first = 0;
        while (first < s.length && s[first] == 1) first++;
        int off = target.length - s.length;
        for (int i = first; i < s.length; i++) if (s[i] != target[i + off]) return false;
        return size > 0;
    }

    /**
     * {@code out[r, j] = op(a[r, j], b[r, j])} over {@code [rows, c]}, where a row-broadcast operand
     * ({@code aRow}/{@code bRow}) has just {@code c} elements (c = 1: a scalar). Large passes split their rows over
     * the engine's workers ({@link #elementwiseParts}).
     */
    private static void rows(BinaryOp op, float[] ad, float[] bd, boolean aRow, boolean bRow, float[] od,
                             int rows, int c, int threads) {
        if (c == 1 && rows > 1) { // scalar operand: treat as one long row
            FloatVector s = FloatVector.broadcast(S, aRow ? ad[0] : bd[0]);
            int n = rows, i = 0;
            for (int end = S.loopBound(n); i < end; i += L) {
                FloatVector x = FloatVector.fromArray(S, aRow ? bd : ad, i);
                apply(op, aRow ? s : x, aRow ? x : s).intoArray(od, i);
            }
            for (; i < n; i++) od[i] = aRow ? op.apply(ad[0], bd[i]) : op.apply(ad[i], bd[0]);
            return;
        }
        int parts = elementwiseParts((long) rows * c, threads);
        if (parts == 1) rowRange(op, ad, bd, aRow, bRow, od, 0, rows, c);
        else inParts(rows, parts, (r0, r1) -> rowRange(op, ad, bd, aRow, bRow, od, r0, r1, c));
    }

    /** {@link #rows} for rows {@code [r0, r1)}. */
    private static void rowRange(BinaryOp op, float[] ad, float[] bd, boolean aRow, boolean bRow, float[] od,
                                 int r0, int r1, int c) {
        for (int r = r0; r < r1; r++) {
            int base = r * c;
            row(op, ad, aRow ? 0 : base, bd, bRow ? 0 : base, od, base, c);
        }
    }

    /** {@code od[base + j] = op(ad[ao + j], bd[bo + j])} for {@code j < c}: whole vectors, then the scalar tail. */
    private static void row(BinaryOp op, float[] ad, int ao, float[] bd, int bo, float[] od, int base, int c) {
        int end = S.loopBound(c), j;
        // The three common operations get loops of their own: a vector returned through apply's switch is
        // boxed (allocated) on every call, which was half of all allocation of a velocity-net step (JFR).
        switch (op) {
            case ADD -> {
                for (j = 0; j < end; j += L) {
                    FloatVector.fromArray(S, ad, ao + j).add(FloatVector.fromArray(S, bd, bo + j)).intoArray(od, base + j);
                }
            }
            case SUB -> {
                for (j = 0; j < end; j += L) {
                    FloatVector.fromArray(S, ad, ao + j).sub(FloatVector.fromArray(S, bd, bo + j)).intoArray(od, base + j);
                }
            }
            case MUL -> {
                for (j = 0; j < end; j += L) {
                    FloatVector.fromArray(S, ad, ao + j).mul(FloatVector.fromArray(S, bd, bo + j)).intoArray(od, base + j);
                }
            }
            default -> {
                for (j = 0; j < end; j += L) {
                    FloatVector x = FloatVector.fromArray(S, ad, ao + j), y = FloatVector.fromArray(S, bd, bo + j);
                    apply(op, x, y).intoArray(od, base + j);
                }
            }
        }
        for (j = end; j < c; j++) od[base + j] = op.apply(ad[ao + j], bd[bo + j]);
    }

    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAX -> x.max(y);
            case MIN -> x.min(y);
            case GT -> mask(x.compare(VectorOperators.GT, y));
            case GE -> mask(x.compare(VectorOperators.GE, y));
            case EQ -> mask(x.compare(VectorOperators.EQ, y));
            case POW -> throw new AssertionError(op);
        };
    }

    private static FloatVector mask(VectorMask<Float> m) {
        return FloatVector.zero(S).blend(FloatVector.broadcast(S, 1f), m);
    }

    @Override
    public void axpby(float alpha, Tensor x, float beta, Tensor y, Tensor out) {
        Checks.sameShape("axpby", x, y);
        Checks.sameShape("axpby", x, out);
        float[] xd = x.data(), yd = y.data(), od = out.data();
        int n = x.size(), i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha), vb = FloatVector.broadcast(S, beta);
        for (int end = S.loopBound(n); i < end; i += L) {
            // alpha·x + beta·y with two roundings of the products, exactly like the scalar reference
            FloatVector ax = FloatVector.fromArray(S, xd, i).mul(va);
            ax.add(FloatVector.fromArray(S, yd, i).mul(vb)).intoArray(od, i);
        }
        for (; i < n; i++) od[i] = alpha * xd[i] + beta * yd[i];
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        Checks.reduceOut(op, x, axes, out);
        int[] shape = x.shape();
        int rank = shape.length;
        boolean[] red = new boolean[rank];
        for (int ax : axes) red[Shapes.axis(ax, rank)] = true;
        int first = rank, last = -1;
        for (int i = 0; i < rank; i++) {
            if (red[i]) {
                first = Math.min(first, i);
                last = i;
            }
        }
        boolean contiguous = last >= 0 && last - first + 1 == axes.length;
        if (x.size() == 0 || !contiguous || (last != rank - 1 && first != 0)) {
            super.reduce(op, x, axes, out); // empty, scattered or middle axes: the reference
            return;
        }
        if (last == rank - 1) {
            int inner = 1;
            for (int i = first; i < rank; i++) inner *= shape[i];
            reduceRows(op, x.data(), x.size() / inner, inner, out.data());
        } else {
            int outer = 1;
            for (int i = 0; i <= last; i++) outer *= shape[i];
            reduceColumns(op, x.data(), outer, x.size() / outer, out.data());
        }
    }

    /** out[r] = op over x[r, 0..c) for a [rows, c] view. */
    private static void reduceRows(ReduceOp op, float[] xd, int rows, int c, float[] od) {
        int end = S.loopBound(c);
        boolean sum = op == ReduceOp.SUM || op == ReduceOp.MEAN;
        float[] lanes = new float[L];
        for (int r = 0; r < rows; r++) {
            int base = r * c, j;
            // One loop per operation, each ending in the lanes array: no vector crosses a switch or a method
            // boundary (see unary).
            switch (op) {
                case SUM, MEAN -> {
                    FloatVector acc = FloatVector.zero(S);
                    for (j = 0; j < end; j += L) acc = acc.add(FloatVector.fromArray(S, xd, base + j));
                    acc.intoArray(lanes, 0);
                }
                case MAX -> {
                    FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                    for (j = 0; j < end; j += L) acc = acc.max(FloatVector.fromArray(S, xd, base + j));
                    acc.intoArray(lanes, 0);
                }
                case MIN -> {
                    FloatVector acc = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                    for (j = 0; j < end; j += L) acc = acc.min(FloatVector.fromArray(S, xd, base + j));
                    acc.intoArray(lanes, 0);
                }
            }
            float v = lanes[0];
            if (sum) {
                // Lanes summed in index order: reduceLanes(ADD) leaves the order open, and the interpreter, C1
                // and C2 pick different ones, so a sum would change with the moment the JIT compiles this loop.
                for (int l = 1; l < L; l++) v += lanes[l];
                for (j = end; j < c; j++) v += xd[base + j];
                if (op == ReduceOp.MEAN) v /= c;
            } else {
                // max/min of the lanes in any order (Math.max/min: NaN wins, +0 above −0), then the tail
                boolean max = op == ReduceOp.MAX;
                for (int l = 1; l < L; l++) v = max ? Math.max(v, lanes[l]) : Math.min(v, lanes[l]);
                for (j = end; j < c; j++) v = max ? Math.max(v, xd[base + j]) : Math.min(v, xd[base + j]);
            }
            od[r] = v;
        }
    }

    /** out[j] = op over x[0..rows, j] for a [rows, c] view, streaming x row by row. */
    private static void reduceColumns(ReduceOp op, float[] xd, int rows, int c, float[] od) {
        java.util.Arrays.fill(od, 0, c, init(op));
        int end = S.loopBound(c);
        for (int r = 0; r < rows; r++) {
            int base = r * c, j;
            switch (op) { // one loop per operation (see reduceRows)
                case SUM, MEAN -> {
                    for (j = 0; j < end; j += L) {
                        FloatVector.fromArray(S, od, j).add(FloatVector.fromArray(S, xd, base + j)).intoArray(od, j);
                    }
                }
                case MAX -> {
                    for (j = 0; j < end; j += L) {
                        FloatVector.fromArray(S, od, j).max(FloatVector.fromArray(S, xd, base + j)).intoArray(od, j);
                    }
                }
                case MIN -> {
                    for (j = 0; j < end; j += L) {
                        FloatVector.fromArray(S, od, j).min(FloatVector.fromArray(S, xd, base + j)).intoArray(od, j);
                    }
                }
            }
            for (j = end; j < c; j++) {
                float v = xd[base + j];
                od[j] = switch (op) {
                    case SUM, MEAN -> od[j] + v;
                    case MAX -> Math.max(od[j], v);
                    case MIN -> Math.min(od[j], v);
                };
            }
        }
        if (op == ReduceOp.MEAN) for (int j = 0; j < c; j++) od[j] /= rows;
    }

    private static float init(ReduceOp op) {
        return switch (op) {
            case SUM, MEAN -> 0f;
            case MAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
        };
    }


    // ---------------------------------------------------------------- matmul

    @Override
    public void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Tensor out, boolean accumulate) {
        MatmulShape s = MatmulShape.of(a, ta, b, tb, out);
        gemm.multiply(s, a.data(), ta, b.data(), tb, out.data(), accumulate);
    }
}
