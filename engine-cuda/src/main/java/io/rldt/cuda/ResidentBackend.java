package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.Checks;
import io.rldt.engine.HostKernel;
import io.rldt.engine.JvmBackend;
import io.rldt.engine.MatmulShape;
import io.rldt.engine.ReduceOp;
import io.rldt.engine.Residency;
import io.rldt.engine.Rng;
import io.rldt.engine.Shapes;
import io.rldt.engine.StagingBackend;
import io.rldt.engine.Tensor;
import io.rldt.engine.UnaryOp;
import java.lang.ref.Reference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tensors resident in device memory, every primitive and named kernel run there: {@code "cuda-device"} on a GPU
 * ({@link CudaRuntime}), {@code "cuda-emulated"} on the CPU ({@link EmulatedRuntime}, the same kernel source run
 * as loops: the check of this port on machines without a GPU).
 *
 * <ul>
 *   <li>Memory: {@link DevicePool} (size classes, reuse after the collector frees a tensor).</li>
 *   <li>GEMM: cuBLAS (FP32, no TF32) on device pointers, batches by stride (0 broadcasts).</li>
 *   <li>The other primitives: one kernel each in {@code device/core.cu} (broadcasting binary ops; reductions in
 *       double in the reference's order; permute and slice as one strided gather; sliceInto and concat as a
 *       strided scatter; index-select; index-add with one work item per output element, adding in the index
 *       list's order so results do not depend on scheduling).</li>
 *   <li>Named kernels: the device version listed in {@link DeviceKernel#all()}; a kernel without one is staged
 *       (operands downloaded, the host body run, results uploaded) and counted by {@link #stagedKernels()}.</li>
 *   <li>Random draws come from the host {@link Rng} (so a run's random numbers are the CPU's) and are uploaded:
 *       counted in {@link #stagedFloats()}.</li>
 * </ul>
 * A primitive with a host operand, or a shape the device path does not cover, runs staged ({@link
 * StagingBackend}): host operands are implicit transfers, refused in strict mode. Results equal the JVM
 * reference bit for bit except GEMM (cuBLAS's order of sums; the emulation sums in double like the reference) and
 * transcendental functions (the device's libm, within a float ulp or two).
 */
public class ResidentBackend extends StagingBackend {
    static {
        Residency.plumbing(ResidentBackend.class);
        Residency.plumbing(DevicePool.class);
        Residency.plumbing(DevicePool.Block.class);
    }

    private final DevicePool pool;
    private final DeviceRuntime runtime;
    private final Map<String, DeviceKernel> kernels = DeviceKernel.all();
    private final Map<String, LongAdder> staged = new ConcurrentHashMap<>();
    private final Backend host = new JvmBackend();
    private volatile KernelCheck check;

    ResidentBackend(String name, boolean strict, DeviceRuntime runtime) {
        this(new DevicePool(name, strict, runtime));
    }

    private ResidentBackend(DevicePool pool) {
        super(pool, new JvmBackend());
        this.pool = pool;
        this.runtime = pool.runtime;
    }

    /** {@code "cuda-device"}: the GPU (throws {@link CudaException} when there is none). */
    public static ResidentBackend cuda(boolean strict) {
        return new ResidentBackend(strict ? "cuda-device-strict" : "cuda-device", strict, CudaRuntime.get());
    }

    /** {@code "cuda-emulated"}: the device source on the CPU (throws {@link IllegalStateException} without a C compiler). */
    public static ResidentBackend emulated(boolean strict) {
        return new ResidentBackend(strict ? "cuda-emulated-strict" : "cuda-emulated", strict, EmulatedRuntime.get());
    }

    /**
     * Named kernels that ran staged, with their call counts: no device version, or a call the device version does
     * not cover (an operand not on this device, more inputs than the argument block holds).
     */
    public Map<String, Long> stagedKernels() {
        Map<String, Long> m = new java.util.TreeMap<>();
        staged.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /**
     * Check mode: every named kernel that runs on the device is also run as its host body on copies of its
     * operands, and every operand (kernels may update inputs) is compared afterwards; a difference beyond
     * {@code relTol·max(|host|, 1e-2)} throws, naming the kernel, the operand, the element and both values. For testing
     * a device port (each kernel in the shapes real training gives it); it downloads every operand twice per call.
     * Null turns it off.
     */
    public ResidentBackend checkKernels(KernelCheck check) {
        this.check = check;
        return this;
    }

    /** The memory pool's counters. */
    public DevicePool.Stats poolStats() {
        return pool.stats();
    }

    /** The device address of {@code t}, or 0 when it is not on this backend's device. */
    private long ptr(Tensor t) {
        return resident(t) instanceof DevicePool.Block b ? b.ptr : 0;
    }

    private static boolean all(long... ptrs) {
        for (long p : ptrs) if (p == 0) return false;
        return true;
    }

    private void launch(String fn, long n, DeviceArgs args, Object... keepAlive) {
        runtime.launch(fn, n, args.n(n).block);
        Reference.reachabilityFence(keepAlive);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Checks.sameShape("unary " + op, x, out);
        long px = ptr(x), po = ptr(out);
        if (!all(px, po)) {
            super.unary(op, x, out);
            return;
        }
        launch("p_unary", x.size(), DeviceArgs.get().tensor(0, po, out).tensor(1, px, x).iv(0, op.ordinal()), x, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        Checks.outShape("binary " + op, out, shape, a, b);
        long pa = ptr(a), pb = ptr(b), po = ptr(out);
        if (!all(pa, pb, po) || shape.length > DeviceArgs.MAX_RANK) {
            super.binary(op, a, b, out);
            return;
        }
        DeviceArgs args = DeviceArgs.get().tensor(0, po, out).tensor(1, pa, a).tensor(2, pb, b).iv(0, op.ordinal())
                .st(0, Shapes.broadcastStrides(a.shape(), shape)).st(1, Shapes.broadcastStrides(b.shape(), shape));
        launch("p_binary", out.size(), args, a, b, out);
    }

    @Override
    public void axpby(float alpha, Tensor x, float beta, Tensor y, Tensor out) {
        Checks.sameShape("axpby", x, y);
        Checks.sameShape("axpby", x, out);
        long px = ptr(x), py = ptr(y), po = ptr(out);
        if (!all(px, py, po)) {
            super.axpby(alpha, x, beta, y, out);
            return;
        }
        launch("p_axpby", x.size(), DeviceArgs.get().tensor(0, po, out).tensor(1, px, x).tensor(2, py, y)
                .p(0, alpha).p(1, beta), x, y, out);
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        Checks.reduceOut(op, x, axes, out);
        long px = ptr(x), po = ptr(out);
        int rank = x.rank();
        if (!all(px, po) || rank > DeviceArgs.MAX_RANK) {
            super.reduce(op, x, axes, out);
            return;
        }
        boolean[] reduced = new boolean[rank];
        for (int a : axes) reduced[Shapes.axis(a, rank)] = true;
        int[] strides = Shapes.strides(x.shape());
        int[] keptStride = new int[rank], keptDim = new int[rank], redStride = new int[rank], redDim = new int[rank];
        int nk = 0, nr = 0;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                redStride[nr] = strides[d];
                redDim[nr++] = x.dim(d);
            } else {
                keptStride[nk] = strides[d];
                keptDim[nk++] = x.dim(d);
            }
        }
        int m = out.size();
        DeviceArgs args = DeviceArgs.get().tensor(0, po, out).tensor(1, px, x).iv(0, op.ordinal()).iv(1, nk).iv(2, nr)
                .st(0, keptStride).st(1, redStride).st(2, keptDim).st(3, redDim).p(0, m == 0 ? 0 : x.size() / m);
        launch("p_reduce", m, args, x, out);
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Tensor out, boolean accumulate) {
        MatmulShape s = MatmulShape.of(a, ta, b, tb, out);
        long pa = ptr(a), pb = ptr(b), po = ptr(out);
        if (!all(pa, pb, po)) {
            super.matmul(a, ta, b, tb, out, accumulate);
            return;
        }
        int m = s.m(), n = s.n(), k = s.k(), batch = s.batch();
        if (batch == 0 || m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) fill(out, 0f);
            return;
        }
        long strideA = s.aBatchStride(), strideB = s.bBatchStride();
        if (strideB == 0 && !ta && batch > 1) { // [batch, m, k]·[k, n] is one [batch·m, k]·[k, n] product
            m *= batch;
            batch = 1;
        }
        runtime.sgemm(ta, tb, m, n, k, pa, strideA, pb, strideB, accumulate ? 1f : 0f, po, batch);
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(out);
    }

    // ---------------------------------------------------------------- layout

    @Override
    public void permute(Tensor x, int[] perm, Tensor out) {
        int rank = x.rank();
        long px = ptr(x), po = ptr(out);
        boolean valid = perm.length == rank && rank <= DeviceArgs.MAX_RANK;
        boolean[] seen = new boolean[rank];
        int[] outShape = new int[rank], step = new int[rank], strides = Shapes.strides(x.shape());
        for (int i = 0; valid && i < rank; i++) {
            if (perm[i] < -rank || perm[i] >= rank) {
                valid = false;
                break;
            }
            int p = Shapes.axis(perm[i], rank);
            valid = !seen[p];
            seen[p] = true;
            outShape[i] = x.dim(p);
            step[i] = strides[p];
        }
        if (!valid || !all(px, po)) {
            super.permute(x, perm, out); // the reference's messages for bad permutations
            return;
        }
        Checks.outShape("permute", out, outShape, x);
        launch("p_gather", out.size(), DeviceArgs.get().tensor(0, po, out).tensor(1, px, x).st(0, step), x, out);
    }

    @Override
    public void slice(Tensor x, int axis, int start, int end, Tensor out) {
        int[] shape = x.shape();
        int ax = Checks.slice(x, axis, start, end, out);
        long px = ptr(x), po = ptr(out);
        if (!all(px, po) || shape.length > DeviceArgs.MAX_RANK) {
            super.slice(x, axis, start, end, out);
            return;
        }
        int[] strides = Shapes.strides(shape);
        launch("p_gather", out.size(), DeviceArgs.get().tensor(0, po, out).tensor(1, px, x).st(0, strides)
                .iv(0, start * strides[ax]), x, out);
    }

    @Override
    public void sliceInto(Tensor src, int axis, int start, Tensor out, boolean accumulate) {
        int ax = Checks.sliceInto(src, axis, start, out);
        long ps = ptr(src), po = ptr(out);
        if (!all(ps, po) || out.rank() > DeviceArgs.MAX_RANK) {
            super.sliceInto(src, axis, start, out, accumulate);
            return;
        }
        scatter(src, ps, out, po, ax, start, accumulate);
    }

    /** {@code out[..., start:start+len, ...] (+)= src} along {@code ax}: one work item per source element. */
    private void scatter(Tensor src, long ps, Tensor out, long po, int ax, int start, boolean accumulate) {
        int[] strides = Shapes.strides(out.shape());
        launch("p_scatter", src.size(), DeviceArgs.get().tensor(0, po, out).tensor(1, ps, src).st(0, strides)
                .iv(0, start * strides[ax]).iv(1, accumulate ? 1 : 0), src, out);
    }

    @Override
    public void concat(Tensor[] xs, int axis, Tensor out) {
        int ax = Checks.concat(xs, axis, out);
        long po = ptr(out);
        boolean device = po != 0 && out.rank() <= DeviceArgs.MAX_RANK;
        for (Tensor x : xs) device &= ptr(x) != 0;
        if (!device) {
            super.concat(xs, axis, out);
            return;
        }
        int start = 0;
        for (Tensor x : xs) {
            scatter(x, ptr(x), out, po, ax, start, false);
            start += x.dim(ax);
        }
    }

    @Override
    public void indexSelect(Tensor x, int axis, int[] index, Tensor out) {
        int[] shape = x.shape();
        int ax = Checks.indexSelectOut(x, axis, index.length, out);
        for (int r : index) Checks.index("indexSelect", r, shape[ax]);
        long px = ptr(x), po = ptr(out);
        if (!all(px, po)) {
            super.indexSelect(x, axis, index, out);
            return;
        }
        DevicePool.Block table = ints(index, index.length);
        launch("p_index_select", out.size(), DeviceArgs.get().tensor(0, po, out).tensor(1, px, x).idx(table.ptr)
                .iv(0, index.length).iv(1, shape[ax]).iv(2, inner(shape, ax)), x, out, table);
    }

    @Override
    public void indexAdd(Tensor src, int axis, int[] index, Tensor out) {
        int[] os = out.shape();
        int ax = Checks.indexAddSrc(src, axis, index.length, out);
        for (int r : index) Checks.index("indexAdd", r, os[ax]);
        long ps = ptr(src), po = ptr(out);
        if (!all(ps, po)) {
            super.indexAdd(src, axis, index, out);
            return;
        }
        // For each output row r, the source rows that add into it, in index order: start[r] .. start[r + 1) of a
        // list that follows the dim + 1 starts in one table.
        int dim = os[ax];
        int[] table = new int[dim + 1 + index.length];
        for (int r : index) table[r + 1]++;
        for (int r = 0; r < dim; r++) table[r + 1] += table[r];
        int[] fillAt = java.util.Arrays.copyOf(table, dim);
        for (int i = 0; i < index.length; i++) table[dim + 1 + fillAt[index[i]]++] = i;
        DevicePool.Block t = ints(table, table.length);
        launch("p_index_add", out.size(), DeviceArgs.get().tensor(0, po, out).tensor(1, ps, src).idx(t.ptr)
                .iv(0, index.length).iv(1, dim).iv(2, inner(os, ax)), src, out, t);
    }

    private static int inner(int[] shape, int axis) {
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        return inner;
    }

    /** A device block holding {@code values[0..n)} as ints (an index list for one launch). */
    private DevicePool.Block ints(int[] values, int n) {
        DevicePool.Block b = (DevicePool.Block) pool.allocate(Math.max(1, n));
        runtime.uploadInts(values, n, b.ptr);
        return b;
    }

    // ---------------------------------------------------------------- fill, copy, random

    @Override
    public void fill(Tensor out, float value) {
        long po = ptr(out);
        if (po == 0) {
            super.fill(out, value);
            return;
        }
        launch("p_fill", out.size(), DeviceArgs.get().tensor(0, po, out).p(0, value), out);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        long ps = ptr(src), pd = ptr(dst);
        if (src.size() != dst.size() || !all(ps, pd)) {
            super.copy(src, dst);
            return;
        }
        if (ps != pd) runtime.copy(ps, pd, 4L * src.size());
        Reference.reachabilityFence(src);
        Reference.reachabilityFence(dst);
    }

    @Override
    public void randomNormal(Rng rng, float mean, float std, Tensor out) {
        if (!drawOnHost(out, t -> host.randomNormal(rng, mean, std, t))) super.randomNormal(rng, mean, std, out);
    }

    @Override
    public void randomUniform(Rng rng, float low, float high, Tensor out) {
        if (!drawOnHost(out, t -> host.randomUniform(rng, low, high, t))) super.randomUniform(rng, low, high, out);
    }

    /**
     * A device {@code out}: {@code draw} fills a host array of its shape (the host Rng's numbers) and that is
     * uploaded, counted as staged. False (nothing done) when {@code out} is not on this device.
     */
    private boolean drawOnHost(Tensor out, java.util.function.Consumer<Tensor> draw) {
        long po = ptr(out);
        if (po == 0) return false;
        float[] draws = new float[out.size()];
        draw.accept(Tensor.wrap(draws, out.shape()));
        runtime.upload(draws, draws.length, po);
        countStaged(draws.length);
        Reference.reachabilityFence(out);
        return true;
    }

    // ---------------------------------------------------------------- named kernels

    @Override
    public void kernel(HostKernel kernel, double[] p, Tensor out, Tensor... in) {
        DeviceKernel k = kernels.get(kernel.name());
        long po = out == null ? 0 : ptr(out); // some kernels have no output in some calls (an unneeded gradient)
        boolean device = k != null && (out == null || po != 0 && out.rank() <= DeviceArgs.MAX_RANK)
                && (k.table() || in.length + 1 <= DeviceArgs.MAX_TENSORS);
        long[] pin = new long[in.length];
        for (int j = 0; device && j < in.length; j++) {
            if (in[j] == null) continue;
            pin[j] = ptr(in[j]);
            device = pin[j] != 0 && in[j].rank() <= DeviceArgs.MAX_RANK;
        }
        if (!device) {
            staged.computeIfAbsent(kernel.name(), x -> new LongAdder()).increment();
            super.kernel(kernel, p, out, in);
            return;
        }
        KernelCheck c = check;
        Tensor[] expected = c == null ? null : c.runOnHost(kernel, p, out, in);
        DeviceArgs args = DeviceArgs.get().tensor(0, po, out).p(java.util.Arrays.copyOf(p, Math.min(p.length,
                DeviceArgs.MAX_SCALARS)));
        DevicePool.Block scalars = null, table = null;
        if (p.length > DeviceArgs.MAX_SCALARS) { // every scalar as a double (two little-endian ints), read by ARG(k)
            int[] words = new int[2 * p.length];
            for (int j = 0; j < p.length; j++) {
                long bits = Double.doubleToRawLongBits(p[j]);
                words[2 * j] = (int) bits;
                words[2 * j + 1] = (int) (bits >>> 32);
            }
            scalars = ints(words, words.length);
            args.scalars(scalars.ptr);
        }
        if (k.table()) {
            // [address of input k..., size of input k...] as little-endian int pairs (the table is long long)
            int[] words = new int[4 * in.length];
            for (int j = 0; j < in.length; j++) {
                long size = in[j] == null ? 0 : in[j].size();
                words[2 * j] = (int) pin[j];
                words[2 * j + 1] = (int) (pin[j] >>> 32);
                words[2 * (in.length + j)] = (int) size;
                words[2 * (in.length + j) + 1] = (int) (size >>> 32);
            }
            table = ints(words, words.length);
            args.table(table.ptr, in.length);
        }
        for (int j = 0; j < Math.min(in.length, DeviceArgs.MAX_TENSORS - 1); j++) args.tensor(j + 1, pin[j], in[j]);
        launch(k.function(), k.items().of(out, in, p), args, out, in, table, scalars);
        if (k.finish() != null) launch(k.finish(), 1, args, out, in, table, scalars);
        if (c != null) c.compare(k, expected, out, in);
    }
}
