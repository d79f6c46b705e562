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
 * ({@code 2·batch·m·n·k}) go to {@link Nd4jBackend} (OpenBLAS through ND4J), everything else to the fastest
 * built-in JVM backend ({@code jvm-simd} when the Vector API is usable, else {@code jvm}).
 *
 * <p>Why this split (figures in engine-nd4j/README.md): an ND4J call costs microseconds of fixed overhead and
 * a copy per operand, so small products and every elementwise op are faster on the JVM; large products run at
 * OpenBLAS speed. Threshold: system property {@code rldt.nd4j.hybrid.minFlops}. Not thread-safe.
 */
public final class HybridNd4jBackend implements Backend {
    /** Default FLOP threshold; see the README for the measurement behind it. */
    public static final long DEFAULT_MIN_FLOPS = 1L << 24;

    private final Backend jvm;
    private final Nd4jBackend nd4j;
    private final long minFlops;

    public HybridNd4jBackend() {
        this(Backends.byName(Backends.simdUnavailableReason() == null ? "jvm-simd" : "jvm"), new Nd4jBackend(),
                Long.getLong("rldt.nd4j.hybrid.minFlops", DEFAULT_MIN_FLOPS));
    }

    /**
     * @param jvm      backend for everything except large products
     * @param nd4j     backend for products of at least {@code minFlops}
     * @param minFlops threshold on {@code 2·batch·m·n·k} (0: every product on ND4J)
     */
    public HybridNd4jBackend(Backend jvm, Nd4jBackend nd4j, long minFlops) {
        this.jvm = jvm;
        this.nd4j = nd4j;
        this.minFlops = minFlops;
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
        (flops >= minFlops ? nd4j : jvm).matmul(a, ta, b, tb, out, accumulate);
    }

    @Override public void unary(UnaryOp op, Tensor x, Tensor out) { jvm.unary(op, x, out); }
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
