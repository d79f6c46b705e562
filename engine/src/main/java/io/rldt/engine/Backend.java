package io.rldt.engine;

/**
 * The closed set of tensor primitives. Every operation writes into a caller-owned {@code out} tensor so hot
 * loops can reuse buffers; {@link Ops} offers allocating conveniences on top.
 *
 * <p>Rules every implementation follows (checked by the contract suite in the engine's test jar):
 * <ul>
 *   <li>{@code out} must have exactly the documented shape; otherwise an {@link IllegalArgumentException}
 *       naming the operation and the shapes.</li>
 *   <li>{@code out} may alias an input only for elementwise unary and binary operations when it has that
 *       input's shape (in-place updates).</li>
 *   <li>Results equal {@link JvmBackend}'s within float32 rounding (exactly for non-transcendental ops that do
 *       not reassociate sums).</li>
 * </ul>
 */
public interface Backend {

    /** A short stable name for logs and configs, e.g. {@code "jvm"}, {@code "jvm-simd"}, {@code "nd4j-cpu"}. */
    String name();

    /** {@code out[i] = op(x[i])}. {@code out}: x's shape. */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /** {@code out = op(a, b)} with NumPy broadcasting. {@code out}: {@code broadcast(a.shape, b.shape)}. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = alpha·x + beta·y} elementwise on equal shapes (axpby; the workhorse of optimizers). */
    void axpby(float alpha, Tensor x, float beta, Tensor y, Tensor out);

    /**
     * Reduction over {@code axes} (distinct, may be negative). {@code out} has x's shape with the reduced axes
     * either set to 1 or removed (the memory layout is the same).
     */
    void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out);

    /**
     * Matrix product {@code out = op(a)·op(b)} (or {@code out += ...} when {@code accumulate}), where
     * {@code op} transposes the last two axes when its flag is set.
     * Shapes: a {@code [m,k]} or {@code [batch,m,k]}, b {@code [k,n]} or {@code [batch,k,n]}, out {@code [m,n]} or
     * {@code [batch,m,n]} (shown untransposed). A rank-2 operand is broadcast over the other's batch.
     */
    void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out, boolean accumulate);

    /** {@code out = x} permuted: {@code out.shape[i] = x.shape[perm[i]]}. */
    void permute(Tensor x, int[] perm, Tensor out);

    /** {@code out = x[..., start:end, ...]} along {@code axis}. */
    void slice(Tensor x, int axis, int start, int end, Tensor out);

    /**
     * Writes {@code src} into {@code out[..., start:start+src.dim(axis), ...]} along {@code axis}; adds instead
     * of overwriting when {@code accumulate} (the adjoint of {@link #slice}).
     */
    void sliceInto(Tensor src, int axis, int start, Tensor out, boolean accumulate);

    /** Concatenation along {@code axis}; all other dimensions must match. */
    void concat(Tensor[] xs, int axis, Tensor out);

    /** {@code out = x} indexed by {@code index} along {@code axis} (index-select; repeats allowed). */
    void indexSelect(Tensor x, int axis, int[] index, Tensor out);

    /** {@code out[..., index[i], ...] += src[..., i, ...]} along {@code axis} (the adjoint of index-select). */
    void indexAdd(Tensor src, int axis, int[] index, Tensor out);

    void fill(Tensor out, float value);

    /** {@code dst = src}; equal sizes required (shapes may differ, e.g. a reshape). */
    void copy(Tensor src, Tensor dst);

    /** Fills {@code out} with {@code mean + std·N(0,1)} draws from {@code rng}, in row-major order. */
    void randomNormal(Rng rng, float mean, float std, Tensor out);

    /** Fills {@code out} with uniform draws in {@code [low, high)} from {@code rng}, in row-major order. */
    void randomUniform(Rng rng, float low, float high, Tensor out);

    /**
     * Runs {@code kernel} with scalar arguments {@code p}: writes {@code out} from the inputs {@code in}. A heap
     * backend runs the kernel's host body on the arrays; a device backend runs its own version on device memory.
     * {@code out} may alias an input when the kernel allows it; some kernels also update inputs in place (optimiser
     * moments, accumulated gradients, saved statistics: each kernel's comment says which), so a device backend must
     * treat every operand as read-write. {@code p} is read during the call: an asynchronous backend copies it at
     * launch, because callers reuse the array. Inputs may be null where a kernel documents an optional one.
     */
    default void kernel(HostKernel kernel, double[] p, Tensor out, Tensor... in) {
        kernel.body().run(out, in, p);
    }

    /**
     * The device this backend computes on, or null when it works on heap arrays (every built-in CPU backend).
     * While such a backend is current, new tensors are allocated on its device ({@link Tensor#zeros}).
     */
    default Device device() {
        return null;
    }

    /** A scope opened by {@link #constantWeights()}; closing it never throws. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a scope on the calling thread in which the caller expects the right operands of products with
     * {@code transposeB} ({@code x·Wᵀ}: a layer's weights in its forward pass) to stay as they are, as while a
     * policy samples its K Euler steps or a whole rollout. A backend may then keep what it derives from such an
     * operand (the CPU GEMM's packed panels) for the scope's later products; it must still give the same results
     * when an operand does change (jvm-simd compares the operand with the copy it packed from). Scopes nest (an
     * inner one shares the outer one's reuse). The default does nothing.
     */
    default Scope constantWeights() {
        return () -> { };
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in {@code [0, tasks)}: independent pieces of one computation
     * (an ensemble's members) that write disjoint tensors. A backend with several threads may run them at the same
     * time; inside a task its own operations then stay on the task's thread (no nested splits), and since no
     * primitive's arithmetic depends on how it is split, every task computes exactly what it computes alone.
     * Callers must combine the tasks' results afterwards in task order, so that the outcome is bit-identical for
     * every thread count. The first task's exception (by index) is rethrown after all tasks have ended. The default
     * runs the tasks in order on the calling thread.
     */
    default void parallel(int tasks, java.util.function.IntConsumer body) {
        Throwable first = null;
        for (int i = 0; i < tasks; i++) {
            try {
                body.accept(i);
            } catch (RuntimeException | Error e) {
                if (first == null) first = e;
            }
        }
        if (first instanceof RuntimeException r) throw r;
        if (first instanceof Error e) throw e;
    }
}
