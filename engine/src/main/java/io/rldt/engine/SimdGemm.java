package io.rldt.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-blocked float32 GEMM on the Vector API ({@code out = op(a)·op(b)}, optionally {@code +=}).
 *
 * <p>Layout (GotoBLAS style, without k-blocking): {@code op(b)} is packed into column panels of
 * {@link #NR} = 2 vectors, each {@code [k, NR]} contiguous and zero-padded; {@code op(a)} is packed per
 * block of {@link #MC} rows into micro-panels {@code [k, MR]}, except that a row-major {@code a} is read in
 * place (six row streams) by tasks with few column panels ({@link #IN_PLACE_MAX_PANELS}). The micro-kernel
 * keeps an {@code MR × NR} tile of {@code C} in 12 vector registers and runs one fused multiply-add per
 * (row, vector) and k step. Packing moves whole vectors where it can: a row-major A's full tiles and a
 * transposed B's full panels are rearranged in registers ({@link #interleaveSixRows}, {@link #transposeBlock}).
 * A split product runs its tasks on the engine's {@link WorkerGang}s, the caller taking the first.
 *
 * <p>Determinism: every output element is the FMA chain {@code c = fma(a[i,p], b[p,j], c)} for
 * {@code p = 0..k-1} starting from 0 (then {@code out + c} when accumulating), whatever the tile, panel or
 * thread it lands in. Work is split over rows, columns or batches only, never over k, so results are
 * bit-identical for every thread count.
 */
final class SimdGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile. 6 × 2 accumulators + 2 B vectors + 1 broadcast fit in 16 registers. */
    static final int MR = 6;
    /** Columns of the register tile (two vectors). */
    static final int NR = 2 * L;
    /**
     * Tasks with at most this many column panels read a row-major {@code a} in place instead of packing it:
     * 1.3-1.8× faster products for outputs of 1-64 columns (GemmBench, jmh/README.md: the critic's Q, the velocity
     * net's D = 24, first-layer input gradients); wider outputs reuse a packed block over every panel (reading in
     * place there measured equal at one thread and slower at two).
     */
    static final int IN_PLACE_MAX_PANELS = 2;
    /** Rows of A packed at once (a multiple of MR; ~MC·k floats should sit in L2). */
    static final int MC = 16 * MR;
    /**
     * Each thread gets at least this many multiply-adds (~40 µs of kernel time), else the product runs on the
     * calling thread: handing work to a pool thread and joining costs tens of µs, more on a loaded machine.
     * The spec's [256,57]·[57,512] products (7.5 M) stay on one thread, the 512-wide layers (≥ 67 M) split.
     */
    static final long PARALLEL_MIN_FMAS = 1L << 23;

    /**
     * While {@link #constantWeights()} is open on a thread: op(b) = bᵀ panels packed once per operand array (by
     * identity, then k and n) with a copy of the contents they were packed from. Null when no scope is open.
     */
    private static final ThreadLocal<PackedCache> PACKED = new ThreadLocal<>();

    /** Packed panels of op(b) and the first k·n floats of the array they were packed from. */
    private record Packed(float[] source, float[] panels) {}

    /** A cache that meets more operand arrays than this (fresh slices each call) starts over. */
    private static final int MAX_PACKED_ARRAYS = 64;
    /**
     * ... or that would hold more floats than this (source copies and panels, 16 MB per thread; the caches outlive
     * their scopes, one per thread that opens them). The spec's velocity net and one critic member take about 1.5 M.
     */
    private static final long MAX_PACKED_FLOATS = 1L << 22;

    /**
     * Per thread, the cache of {@link #PACKED}, kept between scopes: a scope opened again on the same weights (a
     * rollout's next step, the next critic step's target evaluation) finds their panels already packed, or, when the
     * weights moved in place (an optimiser or EMA step), repacks them into the same arrays instead of allocating
     * (the allocations were 2 % of a training iteration's samples). Correctness never depends on it: every hit is
     * checked against the operand's current contents.
     */
    private static final ThreadLocal<PackedCache> KEPT = ThreadLocal.withInitial(PackedCache::new);

    /** The packed operands of one thread, by operand array (identity), then k and n; and the floats they hold. */
    private static final class PackedCache extends IdentityHashMap<float[], Map<Long, Packed>> {
        long floats;

        @Override
        public void clear() {
            super.clear();
            floats = 0;
        }
    }

    /** Opens the reuse scope of {@link Backend#constantWeights()} on this thread (an inner scope is a no-op). */
    static Backend.Scope constantWeights() {
        if (PACKED.get() != null) return () -> { };
        PACKED.set(KEPT.get());
        return () -> PACKED.remove();
    }

    /**
     * All panels of op(b) = bᵀ ([n, k] stored) from the scope's cache when the array still holds what they were
     * packed from, else packed now and remembered. The contents are compared, not trusted: an array handed out
     * again by a workspace, or edited in place, is repacked, so a broken promise costs time, never correctness.
     */
    private static float[] packedTransposed(PackedCache cache, float[] bd, int k, int n, int panels) {
        int size = k * n;
        long shape = ((long) k << 32) | n;
        Map<Long, Packed> byShape = cache.get(bd);
        Packed p = byShape == null ? null : byShape.get(shape);
        if (p != null) {
            if (!Arrays.equals(p.source(), 0, size, bd, 0, size)) { // moved in place: repack into the same arrays
                packB(bd, 0, true, k, n, 0, panels, p.panels(), WORK.get()[3]);
                System.arraycopy(bd, 0, p.source(), 0, size);
            }
            return p.panels();
        }
        long floats = (long) panels * NR * k + size;
        if ((byShape == null && cache.size() >= MAX_PACKED_ARRAYS) || cache.floats + floats > MAX_PACKED_FLOATS) {
            cache.clear();
        }
        float[] all = new float[panels * NR * k]; // packB writes every float, the zero padding included
        packB(bd, 0, true, k, n, 0, panels, all, WORK.get()[3]);
        cache.computeIfAbsent(bd, x -> new HashMap<>()).put(shape, new Packed(Arrays.copyOf(bd, size), all));
        cache.floats += floats;
        return all;
    }

    /**
     * While a thread runs a task of {@link SimdBackend#parallel}: how many threads its products may use (the
     * backend's threads shared among the tasks running at once); 0 outside tasks.
     */
    static final ThreadLocal<Integer> TASK_THREADS = ThreadLocal.withInitial(() -> 0);
    /** Per thread: packed op(b), packed op(a), the edge tile, the transpose scratch of {@link #packB}. */
    private static final ThreadLocal<float[][]> WORK = ThreadLocal.withInitial(
            () -> new float[][] {new float[0], new float[0], new float[MR * NR], new float[L * L]});

    private final int threads;
    private final long minFmasPerThread;

    SimdGemm(int threads) {
        this(threads, PARALLEL_MIN_FMAS);
    }

    /** {@code minFmasPerThread}: see {@link #PARALLEL_MIN_FMAS} (tests lower it to exercise the split on small sizes). */
    SimdGemm(int threads, long minFmasPerThread) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.minFmasPerThread = Math.max(1, minFmasPerThread);
    }

    int threads() { return threads; }

    /** One unit of work: batches [b0, b1) × rows [r0, r1) × column panels [p0, p1). */
    private record Task(int b0, int b1, int r0, int r1, int p0, int p1) {}

    void multiply(MatmulShape s, float[] ad, boolean ta, float[] bd, boolean tb, float[] od, boolean acc) {
        int batch = s.batch(), m = s.m(), n = s.n(), k = s.k();
        int aStride = s.aBatchStride(), bStride = s.bBatchStride();
        if (m == 0 || n == 0 || batch == 0) return;
        if (batch > 1 && bStride == 0 && aStride != 0 && !ta) {
            // a:[batch,m,k] times a shared b is one [batch·m, k] product with the same row-major out
            m *= batch;
            batch = 1;
            aStride = 0;
        }
        Geometry g = new Geometry(m, n, k, aStride, bStride, ta, tb, acc);
        int panels = (n + NR - 1) / NR;
        // Inside a constant-weights scope, a transposed right operand shared by the whole product is packed once
        // (all panels) and reused by every task and every later product with the same weights.
        float[] packed = null;
        PackedCache cache = PACKED.get();
        if (cache != null && tb && (batch == 1 || bStride == 0)) packed = packedTransposed(cache, bd, k, n, panels);
        List<Task> tasks = split(batch, m, n, k, panels, (long) batch * m * n * k);
        final float[] pre = packed;
        if (tasks.size() == 1) {
            run(tasks.get(0), g, ad, bd, od, pre);
            return;
        }
        // the caller runs part 0; the engine's workers the rest (spinning briefly between products, see WorkerGang)
        WorkerGang.Shared.ENGINE.run(tasks.size(), part -> run(tasks.get(part), g, ad, bd, od, pre));
    }

    private record Geometry(int m, int n, int k, int aStride, int bStride, boolean ta, boolean tb, boolean acc) {}

    /**
     * Splits by batch when there are enough, else by rows (MR-aligned) or column panels. Each task packs all of
     * the operand it does not split (a row split repacks op(b) [k, n] per task, a panel split op(a) [m, k]), so
     * when both are possible the split duplicates the smaller one.
     */
    private List<Task> split(int batch, int m, int n, int k, int panels, long fmas) {
        List<Task> tasks = new ArrayList<>();
        int budget = TASK_THREADS.get(), cap = budget > 0 ? Math.min(threads, budget) : threads;
        int t = (int) Math.min(cap, Math.max(1, fmas / minFmasPerThread));
        int rowTiles = (m + MR - 1) / MR;
        boolean byRows = rowTiles >= t && (panels < t || (long) n <= m);
        if (t <= 1) {
            tasks.add(new Task(0, batch, 0, m, 0, panels));
        } else if (batch >= t) {
            for (int i = 0; i < t; i++) tasks.add(new Task(batch * i / t, batch * (i + 1) / t, 0, m, 0, panels));
        } else if (byRows) {
            for (int i = 0; i < t; i++) {
                int r0 = rowTiles * i / t * MR, r1 = Math.min(m, rowTiles * (i + 1) / t * MR);
                tasks.add(new Task(0, batch, r0, r1, 0, panels));
            }
        } else if (panels >= t) {
            for (int i = 0; i < t; i++) tasks.add(new Task(0, batch, 0, m, panels * i / t, panels * (i + 1) / t));
        } else {
            tasks.add(new Task(0, batch, 0, m, 0, panels));
        }
        return tasks;
    }

    /** {@code prepacked}: all panels of op(b) packed by the caller (then shared by every batch), or null. */
    private static void run(Task t, Geometry g, float[] ad, float[] bd, float[] od, float[] prepacked) {
        int k = g.k, n = g.n, m = g.m;
        float[][] work = WORK.get();
        // A row-major a is read in place when the task has at most IN_PLACE_MAX_PANELS column panels: packing
        // it then costs about as much as the products it serves. Wider tasks pack it (reused by every panel).
        boolean inPlace = !g.ta && t.p1 - t.p0 <= IN_PLACE_MAX_PANELS;
        int bNeed = prepacked != null ? 1 : Math.max(1, (t.p1 - t.p0) * NR * k), aNeed = inPlace ? 1 : Math.max(1, MC * k);
        if (work[0].length < bNeed) work[0] = new float[bNeed];
        if (work[1].length < aNeed) work[1] = new float[aNeed];
        float[] bp = prepacked != null ? prepacked : work[0], ap = work[1], tile = work[2];
        int firstPanel = prepacked != null ? 0 : t.p0; // panel p sits at (p − firstPanel)·NR·k in bp
        boolean bPacked = prepacked != null;
        for (int bt = t.b0; bt < t.b1; bt++) {
            if (!bPacked || (g.bStride != 0 && prepacked == null)) {
                packB(bd, bt * g.bStride, g.tb, k, n, t.p0, t.p1, bp, work[3]);
                bPacked = true;
            }
            int aOff = bt * g.aStride, oOff = bt * m * n;
            for (int i0 = t.r0; i0 < t.r1; i0 += MC) {
                int rows = Math.min(MC, t.r1 - i0);
                if (!inPlace) packA(ad, aOff, g.ta, m, k, i0, rows, ap);
                for (int p = t.p0; p < t.p1; p++) {
                    int j0 = p * NR, cols = Math.min(NR, n - j0);
                    int bOff = (p - firstPanel) * NR * k;
                    for (int q = 0; q * MR < rows; q++) {
                        int i = i0 + q * MR, r = Math.min(MR, rows - q * MR);
                        if (!inPlace) {
                            kernel(ap, q * MR * k, bp, bOff, k, od, oOff + i * n + j0, n, r, cols, g.acc, tile);
                        } else {
                            // row ii at aOff + (i + ii)·k, step 1; rows past the tile's r re-read its last row
                            // (their results are dropped by the edge-tile store), so nothing is read past m
                            int a0 = aOff + i * k, last = r - 1;
                            kernelRows(ad, a0, a0 + Math.min(1, last) * k, a0 + Math.min(2, last) * k,
                                    a0 + Math.min(3, last) * k, a0 + Math.min(4, last) * k, a0 + Math.min(5, last) * k,
                                    bp, bOff, k, od, oOff + i * n + j0, n, r, cols, g.acc, tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs columns of op(b) ([k, n]) in panels [p0, p1) as [panel][k][NR], zero-padding past n. When op(b) = bᵀ
     * (b stored [n, k]: a layer's weights in the forward x·Wᵀ), a whole panel's L·L blocks are transposed in
     * vector registers ({@link #transposeBlock}, {@code scratch}: L·L floats); the rest element by element.
     */
    private static void packB(float[] bd, int off, boolean tb, int k, int n, int p0, int p1, float[] bp,
                              float[] scratch) {
        for (int p = p0; p < p1; p++) {
            int j0 = p * NR, w = Math.min(NR, n - j0), base = (p - p0) * NR * k;
            if (!tb) {
                for (int kk = 0; kk < k; kk++) {
                    int dst = base + kk * NR;
                    System.arraycopy(bd, off + kk * n + j0, bp, dst, w);
                    for (int jj = w; jj < NR; jj++) bp[dst + jj] = 0f;
                }
                continue;
            }
            int kv = w == NR ? S.loopBound(k) : 0; // steps [0, kv) of a whole panel go through the transpose
            for (int k0 = 0; k0 < kv; k0 += L) {
                for (int h = 0; h < NR; h += L) {
                    transposeBlock(bd, off + (j0 + h) * k + k0, k, bp, base + k0 * NR + h, NR, scratch);
                }
            }
            for (int jj = 0; jj < NR; jj++) {
                if (jj < w) {
                    int src = off + (j0 + jj) * k;
                    for (int kk = kv; kk < k; kk++) bp[base + kk * NR + jj] = bd[src + kk];
                } else {
                    for (int kk = kv; kk < k; kk++) bp[base + kk * NR + jj] = 0f;
                }
            }
        }
    }

    /**
     * Two-source lane indices of {@link #transposeBlock}'s stages, L per stage, stage s swapping blocks of
     * h = L/2^(s+1) lanes: row x (lane bit h clear) becomes x[l] where bit h of l is clear, else y[l − h], and
     * row y = x with bit h set becomes x[l + h] where bit h of l is clear, else y[l] (indices into x ++ y).
     */
    private static final float[] TRANSPOSE_X, TRANSPOSE_Y;
    static {
        // HotSpot's vector lengths are powers of two (and the engine needs L >= 4); the stages below rely on it
        if (Integer.bitCount(L) != 1) throw new IllegalStateException("SimdGemm: vector length " + L + " is not a power of two");
        int stages = Integer.numberOfTrailingZeros(L);
        TRANSPOSE_X = new float[Math.max(1, stages) * L];
        TRANSPOSE_Y = new float[Math.max(1, stages) * L];
        for (int st = 0, h = L / 2; h >= 1; st++, h /= 2) {
            for (int l = 0; l < L; l++) {
                boolean low = (l & h) == 0;
                TRANSPOSE_X[st * L + l] = low ? l : L + l - h;
                TRANSPOSE_Y[st * L + l] = low ? l + h : L + l;
            }
        }
    }

    /**
     * dst[dOff + c·dStride + r] = src[sOff + r·sStride + c] for r, c < L: the L×L block transposed in log₂L
     * stages (recursive block transpose: swap the off-diagonal halves, then do the same inside each half), each
     * stage a two-source lane selection per pair of rows, in place in {@code scratch} ([L, L]); a pure copy of
     * the values, so packing this way gives the same panels as element by element.
     */
    private static void transposeBlock(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride,
                                       float[] scratch) {
        for (int r = 0; r < L; r++) FloatVector.fromArray(S, src, sOff + r * sStride).intoArray(scratch, r * L);
        for (int st = 0, h = L / 2; h >= 1; st++, h /= 2) {
            FloatVector ix = FloatVector.fromArray(S, TRANSPOSE_X, st * L), iy = FloatVector.fromArray(S, TRANSPOSE_Y, st * L);
            for (int r = 0; r < L; r++) {
                if ((r & h) != 0) continue;
                FloatVector x = FloatVector.fromArray(S, scratch, r * L), y = FloatVector.fromArray(S, scratch, (r + h) * L);
                ix.selectFrom(x, y).intoArray(scratch, r * L);
                iy.selectFrom(x, y).intoArray(scratch, (r + h) * L);
            }
        }
        for (int c = 0; c < L; c++) FloatVector.fromArray(S, scratch, c * L).intoArray(dst, dOff + c * dStride);
    }

    /** Packs rows [i0, i0+rows) of op(a) ([m, k]) as [tile][k][MR], zero-padding the last tile. */
    private static void packA(float[] ad, int off, boolean ta, int m, int k, int i0, int rows, float[] ap) {
        if (ta) {
            packATransposed(ad, off, m, k, i0, rows, ap);
            return;
        }
        for (int q = 0; q * MR < rows; q++) {
            int base = q * MR * k, r = Math.min(MR, rows - q * MR), i = i0 + q * MR;
            if (r == MR) { // a full tile: six row streams, no per-element tests (this loop is hot when n is small)
                int s0 = off + i * k, s1 = s0 + k, s2 = s1 + k, s3 = s2 + k, s4 = s3 + k, s5 = s4 + k;
                int kv = interleaveSixRows(ad, s0, k, ap, base); // steps [0, kv) in vector registers
                for (int kk = kv, dst = base + kv * MR; kk < k; kk++, dst += MR) {
                    ap[dst] = ad[s0 + kk];
                    ap[dst + 1] = ad[s1 + kk];
                    ap[dst + 2] = ad[s2 + kk];
                    ap[dst + 3] = ad[s3 + kk];
                    ap[dst + 4] = ad[s4 + kk];
                    ap[dst + 5] = ad[s5 + kk];
                }
                continue;
            }
            for (int kk = 0; kk < k; kk++) {
                int dst = base + kk * MR;
                for (int ii = 0; ii < MR; ii++) ap[dst + ii] = ii >= r ? 0f : ad[off + (i + ii) * k + kk];
            }
        }
    }

    /**
     * Lane tables of {@link #interleaveSixRows}: for output vector j (flat lanes f = j·L + l of the [step][row]
     * block, step f / MR, row f % MR) and row pair s (rows 2s, 2s + 1): the index into row 2s ++ row 2s + 1, and
     * whether the lane belongs to that pair.
     */
    private static final float[] INTERLEAVE_INDEX = new float[MR * (MR / 2) * L];
    private static final boolean[] INTERLEAVE_MASK = new boolean[MR * (MR / 2) * L];
    static {
        for (int j = 0; j < MR; j++) {
            for (int l = 0; l < L; l++) {
                int f = j * L + l, row = f % MR, at = (j * (MR / 2) + row / 2) * L + l;
                INTERLEAVE_INDEX[at] = f / MR + (row % 2) * L;
                INTERLEAVE_MASK[at] = true;
            }
        }
    }

    /**
     * The first {@code S.loopBound(k)} steps of a full A tile packed in vector registers: six rows of a, each
     * contiguous from {@code s0 + i·k}, L steps at a time become MR vectors of [step][row] at {@code ap[dst]}, each
     * picked from the three row pairs by two-source lane selections and blended (3× faster than the element loop,
     * which was 13 % of a [1024, 256]·[256, 256] product). Returns the steps packed.
     */
    private static int interleaveSixRows(float[] ad, int s0, int k, float[] ap, int dst) {
        int kv = S.loopBound(k);
        if (kv == 0) return 0;
        int s1 = s0 + k, s2 = s1 + k, s3 = s2 + k, s4 = s3 + k, s5 = s4 + k, t = (MR / 2) * L;
        // written out for MR = 6: no vector is held in an array or passed to a method
        FloatVector x0 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 0), y0 = FloatVector.fromArray(S, INTERLEAVE_INDEX, L);
        FloatVector z0 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 2 * L);
        FloatVector x1 = FloatVector.fromArray(S, INTERLEAVE_INDEX, t), y1 = FloatVector.fromArray(S, INTERLEAVE_INDEX, t + L);
        FloatVector z1 = FloatVector.fromArray(S, INTERLEAVE_INDEX, t + 2 * L);
        FloatVector x2 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 2 * t), y2 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 2 * t + L);
        FloatVector z2 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 2 * t + 2 * L);
        FloatVector x3 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 3 * t), y3 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 3 * t + L);
        FloatVector z3 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 3 * t + 2 * L);
        FloatVector x4 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 4 * t), y4 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 4 * t + L);
        FloatVector z4 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 4 * t + 2 * L);
        FloatVector x5 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 5 * t), y5 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 5 * t + L);
        FloatVector z5 = FloatVector.fromArray(S, INTERLEAVE_INDEX, 5 * t + 2 * L);
        VectorMask<Float> my0 = VectorMask.fromArray(S, INTERLEAVE_MASK, L), mz0 = VectorMask.fromArray(S, INTERLEAVE_MASK, 2 * L);
        VectorMask<Float> my1 = VectorMask.fromArray(S, INTERLEAVE_MASK, t + L), mz1 = VectorMask.fromArray(S, INTERLEAVE_MASK, t + 2 * L);
        VectorMask<Float> my2 = VectorMask.fromArray(S, INTERLEAVE_MASK, 2 * t + L);
        VectorMask<Float> mz2 = VectorMask.fromArray(S, INTERLEAVE_MASK, 2 * t + 2 * L);
        VectorMask<Float> my3 = VectorMask.fromArray(S, INTERLEAVE_MASK, 3 * t + L);
        VectorMask<Float> mz3 = VectorMask.fromArray(S, INTERLEAVE_MASK, 3 * t + 2 * L);
        VectorMask<Float> my4 = VectorMask.fromArray(S, INTERLEAVE_MASK, 4 * t + L);
        VectorMask<Float> mz4 = VectorMask.fromArray(S, INTERLEAVE_MASK, 4 * t + 2 * L);
        VectorMask<Float> my5 = VectorMask.fromArray(S, INTERLEAVE_MASK, 5 * t + L);
        VectorMask<Float> mz5 = VectorMask.fromArray(S, INTERLEAVE_MASK, 5 * t + 2 * L);
        for (int kk = 0; kk < kv; kk += L, dst += MR * L) {
            FloatVector r0 = FloatVector.fromArray(S, ad, s0 + kk), r1 = FloatVector.fromArray(S, ad, s1 + kk);
            FloatVector r2 = FloatVector.fromArray(S, ad, s2 + kk), r3 = FloatVector.fromArray(S, ad, s3 + kk);
            FloatVector r4 = FloatVector.fromArray(S, ad, s4 + kk), r5 = FloatVector.fromArray(S, ad, s5 + kk);
            x0.selectFrom(r0, r1).blend(y0.selectFrom(r2, r3), my0).blend(z0.selectFrom(r4, r5), mz0).intoArray(ap, dst);
            x1.selectFrom(r0, r1).blend(y1.selectFrom(r2, r3), my1).blend(z1.selectFrom(r4, r5), mz1).intoArray(ap, dst + L);
            x2.selectFrom(r0, r1).blend(y2.selectFrom(r2, r3), my2).blend(z2.selectFrom(r4, r5), mz2).intoArray(ap, dst + 2 * L);
            x3.selectFrom(r0, r1).blend(y3.selectFrom(r2, r3), my3).blend(z3.selectFrom(r4, r5), mz3).intoArray(ap, dst + 3 * L);
            x4.selectFrom(r0, r1).blend(y4.selectFrom(r2, r3), my4).blend(z4.selectFrom(r4, r5), mz4).intoArray(ap, dst + 4 * L);
            x5.selectFrom(r0, r1).blend(y5.selectFrom(r2, r3), my5).blend(z5.selectFrom(r4, r5), mz5).intoArray(ap, dst + 5 * L);
        }
        return kv;
    }

    /** Rows of a (= k steps) packed together by {@link #packATransposed}: 32 × MC floats, 12 KiB, stay in L1. */
    private static final int KB = 32;

    /**
     * The same packing when op(a) = aᵀ (a stored [k, m], the backward's dW = gᵀ·x): row i of op(a) is column i
     * of a. Walking tile by tile over all of k reads 6 floats per row of a, a cache miss each once k is large;
     * walking a's rows and dealing them out writes to tiles 4·MR·k bytes apart, which alias in L1. So take KB
     * rows of a at a time (each a contiguous run of {@code rows} floats, together L1-resident) and fill every
     * tile's KB steps from them.
     */
    private static void packATransposed(float[] ad, int off, int m, int k, int i0, int rows, float[] ap) {
        int tiles = (rows + MR - 1) / MR;
        for (int k0 = 0; k0 < k; k0 += KB) {
            int k1 = Math.min(k, k0 + KB);
            for (int q = 0; q < tiles; q++) {
                int r = Math.min(MR, rows - q * MR), col = off + i0 + q * MR;
                for (int kk = k0, dst = q * MR * k + k0 * MR; kk < k1; kk++, dst += MR) {
                    System.arraycopy(ad, col + kk * m, ap, dst, r);
                    for (int ii = r; ii < MR; ii++) ap[dst + ii] = 0f;
                }
            }
        }
    }

    /** C tile [rows ≤ MR, cols ≤ NR] at od[o] (row stride ldo) = (or +=) A micro-panel · B panel. */
    private static void kernel(float[] ap, int aOff, float[] bp, int bOff, int k, float[] od, int o, int ldo,
                               int rows, int cols, boolean acc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < k; p++) {
            int bi = bOff + p * NR, ai = aOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = b0.fma(a, c30);
            c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = b0.fma(a, c40);
            c41 = b1.fma(a, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = b0.fma(a, c50);
            c51 = b1.fma(a, c51);
        }
        if (rows == MR && cols == NR) {
            // Stores written out, not a helper taking vectors: a vector passed to a method C2 did not inline is an
            // object, and every lane op then runs the Vector API's Java fallback (jmh/README.md, "A JIT hazard").
            if (acc) {
                c00 = c00.add(FloatVector.fromArray(S, od, o));
                c01 = c01.add(FloatVector.fromArray(S, od, o + L));
                c10 = c10.add(FloatVector.fromArray(S, od, o + ldo));
                c11 = c11.add(FloatVector.fromArray(S, od, o + ldo + L));
                c20 = c20.add(FloatVector.fromArray(S, od, o + 2 * ldo));
                c21 = c21.add(FloatVector.fromArray(S, od, o + 2 * ldo + L));
                c30 = c30.add(FloatVector.fromArray(S, od, o + 3 * ldo));
                c31 = c31.add(FloatVector.fromArray(S, od, o + 3 * ldo + L));
                c40 = c40.add(FloatVector.fromArray(S, od, o + 4 * ldo));
                c41 = c41.add(FloatVector.fromArray(S, od, o + 4 * ldo + L));
                c50 = c50.add(FloatVector.fromArray(S, od, o + 5 * ldo));
                c51 = c51.add(FloatVector.fromArray(S, od, o + 5 * ldo + L));
            }
            c00.intoArray(od, o);
            c01.intoArray(od, o + L);
            c10.intoArray(od, o + ldo);
            c11.intoArray(od, o + ldo + L);
            c20.intoArray(od, o + 2 * ldo);
            c21.intoArray(od, o + 2 * ldo + L);
            c30.intoArray(od, o + 3 * ldo);
            c31.intoArray(od, o + 3 * ldo + L);
            c40.intoArray(od, o + 4 * ldo);
            c41.intoArray(od, o + 4 * ldo + L);
            c50.intoArray(od, o + 5 * ldo);
            c51.intoArray(od, o + 5 * ldo + L);
            return;
        }
        // edge tile: spill to the scratch tile, then store the valid part (same values, same final add)
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        storeTile(tile, od, o, ldo, rows, cols, acc);
    }

    /**
     * {@link #kernel} for a row-major {@code a} read in place: row ii of the A tile has its k elements at
     * {@code a[aii + p]} (the six row starts; an edge tile repeats its last row, whose extra results are dropped).
     * The same FMA chain per element as the packed kernel, so the same bits. A copy of its loop rather than one
     * kernel with six row offsets and a step for both: the packed path, which carries nearly all the FLOPs,
     * keeps its addressing (one base, constant offsets).
     */
    private static void kernelRows(float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                   float[] bp, int bOff, int k, float[] od, int o, int ldo,
                                   int rows, int cols, boolean acc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < k; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(av, c40);
            c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(av, c50);
            c51 = b1.fma(av, c51);
        }
        // Through the scratch tile (products with few column panels: the spill is cheap next to the k steps); no
        // vector is passed to a helper, see the note on the stores in kernel.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        storeTile(tile, od, o, ldo, rows, cols, acc);
    }

    /**
     * The valid [rows, cols] of the scratch tile into od[o] (row stride ldo), written or added (out + c), through
     * lane masks: lanes past cols (the last panel of a product whose n is not a multiple of NR, every tile of a
     * narrow output such as the velocity net's D = 24) are neither read nor written.
     */
    private static void storeTile(float[] tile, float[] od, int o, int ldo, int rows, int cols, boolean acc) {
        VectorMask<Float> m0 = S.indexInRange(0, cols), m1 = S.indexInRange(L, cols);
        for (int r = 0; r < rows; r++) {
            FloatVector v0 = FloatVector.fromArray(S, tile, r * NR), v1 = FloatVector.fromArray(S, tile, r * NR + L);
            int d = o + r * ldo;
            if (acc) { // out + c (the same bits as the scalar sum, NaN payloads included)
                v0 = FloatVector.fromArray(S, od, d, m0).add(v0);
                v1 = FloatVector.fromArray(S, od, d + L, m1).add(v1);
            }
            v0.intoArray(od, d, m0);
            v1.intoArray(od, d + L, m1);
        }
    }
}
