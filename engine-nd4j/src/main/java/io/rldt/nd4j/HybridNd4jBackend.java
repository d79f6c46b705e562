package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.MatmulShape;
import io.rldt.engine.ReduceOp;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;

/**
 * The automatic choice, name {@code "nd4j-hybrid"}: matrix products of at least {@code minFlops}
 * ({@code 2·batch·m·n·k}) and transcendental unary ops on at least 1024 elements go to {@link Nd4jBackend}
 * (OpenBLAS and libnd4j through ND4J), everything else to the fastest built-in JVM backend ({@code jvm-simd}
 * when the Vector API is usable, else {@code jvm}).
 *
 * <p>Why this split (figures in engine-nd4j/README.md, 2-core build machine): an ND4J call costs 1-20 µs of fixed
 * overhead plus a copy per operand, so cheap elementwise ops stay on the JVM; ND4J's vectorised EXP/TANH/SIGMOID
 * are 2-4× the JVM's scalar {@code Math} functions from about 1024 elements, copies included. For GEMM the
 * project's {@code jvm-simd} kernel ran at about twice ND4J's OpenBLAS (1 thread each), so products go to ND4J
 * only when the JVM side is the scalar reference ({@value #DEFAULT_MIN_FLOPS_SCALAR} FLOPs and up), when they
 * are tiny (at most {@value #DEFAULT_MAX_SMALL_FLOPS} FLOPs, where jvm-simd's fixed cost dominates) or when
 * {@code rldt.nd4j.hybrid.minFlops} asks for it. Not thread-safe.
 */
public final class HybridNd4jBackend implements Backend {
    /**
     * Default FLOP threshold when the JVM side is the scalar {@code jvm} backend (no Vector API): ND4J's BLAS
     * wins from about 16³ products. With {@code jvm-simd} the default is {@link Long#MAX_VALUE}: the SIMD GEMM
     * was faster than ND4J's OpenBLAS at every measured size (README).
     */
    public static final long DEFAULT_MIN_FLOPS_SCALAR = 1L << 13;

    /**
     * With {@code jvm-simd}, products of at most this many FLOPs (about 40³) also go to ND4J: the SIMD GEMM's fixed
     * cost per call (packing, thread hand-off) was 30-120 µs at 8³ and 32³ on the build machine, ND4J's direct
     * SGEMM about 1-3 µs.
     */
    public static final long DEFAULT_MAX_SMALL_FLOPS = 1L << 17;

    private final Backend jvm;
    private final Nd4jBackend nd4j;
    private final long minFlops, maxSmallFlops;
    private final int minTranscendental;

    public HybridNd4jBackend() {
        this(Backends.byName(Backends.simdUnavailableReason() == null ? "jvm-simd" : "jvm"), new Nd4jBackend(),
                Long.getLong("rldt.nd4j.hybrid.minFlops",
                        Backends.simdUnavailableReason() == null ? Long.MAX_VALUE : DEFAULT_MIN_FLOPS_SCALAR),
                Long.getLong("rldt.nd4j.hybrid.maxSmallFlops",
                        Backends.simdUnavailableReason() == null ? DEFAULT_MAX_SMALL_FLOPS : 0L),
                Integer.getInteger("rldt.nd4j.minTranscendental", 1024));
    }

    /**
     * @param jvm      backend for everything except large products
     * @param nd4j     backend for products of at least {@code minFlops}
     * @param minFlops threshold on {@code 2·batch·m·n·k} (0: every product on ND4J)
     * @param maxSmallFlops products of at most this many FLOPs also run on ND4J (0: none)
     * @param minTranscendental tensors with at least this many elements run EXP, TANH, ... on ND4J
     */
    public HybridNd4jBackend(Backend jvm, Nd4jBackend nd4j, long minFlops, long maxSmallFlops, int minTranscendental) {
        this.jvm = jvm;
        this.nd4j = nd4j;
        this.minFlops = minFlops;
        this.maxSmallFlops = maxSmallFlops;
        this.minTranscendental = minTranscendental;
    }

    @Override
    public String name() {
        return "nd4j-hybrid";
    }

    /** The backend that runs everything but large products. */
    public Backend jvm() {
        return jvm;
    }

    public long minFlops() {
        return minFlops;
    }

    @Override
    public void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Tensor out, boolean accumulate) {
        MatmulShape s = MatmulShape.of(a, ta, b, tb, out);
        long flops = 2L * s.batch() * s.m() * s.n() * s.k();
        (flops >= minFlops || flops <= maxSmallFlops ? nd4j : jvm).matmul(a, ta, b, tb, out, accumulate);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        // Nd4jBackend itself sends small tensors and cheap ops back to the JVM reference; the SIMD backend is
        // faster for those, so only hand over what ND4J will actually run.
        (Nd4jBackend.nd4jUnary(op) && x.sameShape(out) && x.size() >= minTranscendental ? nd4j : jvm).unary(op, x, out);
    }
    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) { jvm.binary(op, a, b, out); }
    @Override public void axpby(float alpha, Tensor x, float beta, Tensor y, Tensor out) { jvm.axpby(alpha, x, beta, y, out); }
    @Override public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) { jvm.reduce(op, x, axes, out); }
    @Override public void permute(Tensor x, int[] perm, Tensor out) { jvm.permute(x, perm, out); }
    @Override public void slice(Tensor x, int axis, int start, int end, Tensor out) { jvm.slice(x, axis, start, end, out); }
    @Override public void sliceInto(Tensor src, int axis, int start, Tensor out, boolean acc) { jvm.sliceInto(src, axis, start, out, acc); }
    @Override public void concat(Tensor[] xs, int axis, Tensor out) { jvm.concat(xs, axis, out); }
    @Override public void indexSelect(Tensor x, int axis, int[] index, Tensor out) { jvm.indexSelect(x, axis, index, out); }
    @Override public void indexAdd(Tensor src, int axis, int[] index, Tensor out) { jvm.indexAdd(src, axis, index, out); }
    @Override public void fill(Tensor out, float value) { jvm.fill(out, value); }
    @Override public void copy(Tensor src, Tensor dst) { jvm.copy(src, dst); }
    @Override public void randomNormal(Rng rng, float mean, float std, Tensor out) { jvm.randomNormal(rng, mean, std, out); }
    @Override public void randomUniform(Rng rng, float low, float high, Tensor out) { jvm.randomUniform(rng, low, high, out); }
}
