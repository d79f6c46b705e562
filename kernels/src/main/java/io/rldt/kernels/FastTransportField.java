package io.rldt.kernels;

import io.rldt.engine.WorkerGang;
import io.rldt.engine.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.function.IntConsumer;

/**
 * The transport field for the training step's sizes ({@code B = 256}, {@code P ∈ {8, 16, 32}},
 * {@code D ∈ {12, 24}}): Vector API inner loops, reused workspaces, states split across the engine's workers ({@link WorkerGang}).
 * Agrees with {@link ReferenceTransportField} to float32 rounding.
 *
 * <p>Layout per state, copied into a {@link FieldWorkspace} (zero-padded so every vector op is full width):
 * centres transposed {@code aT [D, P'pad]} so the squared distances from one query to all centres are
 * {@code D} lane-wise FMAs with no horizontal reduction; centres, gradients and queries as rows
 * {@code [·, Dpad]} so the weighted sums over {@code j} vectorise over {@code D}. The lower median counts
 * ranks with vector compares (no data-dependent branches; quickselect above 64 centres), and the kernel
 * weights use {@link VectorMath#expNonPositive}, a vector of centres at a time.
 *
 * <p>Determinism: state {@code b} is computed by the same operations whichever thread runs it, and no step
 * uses a floating-point lane reduction (whose order the Vector API leaves unspecified) or the Vector API's
 * own transcendental functions, so 1 and N threads give identical bits. Statistics are kept per state and summed in state order.
 *
 * <p>Not thread-safe: one call at a time per instance (the workspaces are shared between calls). No
 * allocation per call once the workspaces fit the shapes; they are re-sized when the shapes change. Close it
 * to stop the worker threads (they are daemons, so forgetting is harmless).
 */
public final class FastTransportField implements TransportField, AutoCloseable {
    /**
     * 256-bit vectors even where 512 are available: rows of D = 12 or 24 floats pad to 16 and 24 with 8 lanes
     * but to 16 and 32 with 16 lanes, and P' = 8 fills exactly one 8-lane vector.
     */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;

    private final int threads;
    private volatile boolean closed;
    private final FieldWorkspace[] workspaces;
    private final IntConsumer part = this::computePart; // created once: dispatch allocates nothing

    // Per-state statistics, summed in state order after all parts finish.
    private double[] stateBandwidth = new double[0];
    private double[] stateAlpha = new double[0];
    private double[] stateAttraction = new double[0];
    private double[] stateRepulsion = new double[0];

    // The current call's arguments, written by the caller before dispatch (the gang's volatile write publishes them).
    private float[] q, a, g, phi;
    private int nb, np, npc, nd;
    private SvgdOptions opts;

    /** One thread (the caller's). */
    public FastTransportField() {
        this(1);
    }

    /** @param threads number of threads, including the caller's, that share the states ({@code >= 1}) */
    public FastTransportField(int threads) {
        if (threads < 1) throw new IllegalArgumentException("FastTransportField: threads = " + threads + ", expected >= 1");
        this.threads = threads;
        this.workspaces = new FieldWorkspace[threads];
    }

    @Override
    public String name() {
        return "fast[threads=" + threads + ", lanes=" + SPECIES.length() + "]";
    }

    @Override
    public void compute(Tensor queries, Tensor centres, Tensor gradients, SvgdOptions opts, Tensor phiOut,
                        FieldStats statsOut) {
        FieldArgs.check(queries, centres, gradients, opts, phiOut);
        if (opts.kernel() == SvgdOptions.Kernel.DELTA) {
            ReferenceTransportField.delta(gradients, phiOut, statsOut); // a copy: nothing to speed up
            return;
        }
        nb = queries.dim(0);
        np = queries.dim(1);
        npc = centres.dim(1);
        nd = queries.dim(2);
        q = queries.data();
        a = centres.data();
        g = gradients.data();
        phi = phiOut.data();
        this.opts = opts;
        ensureCapacity();
        try {
            if (threads == 1) computePart(0);
            else if (closed) throw new IllegalStateException("FastTransportField is closed");
            else WorkerGang.Shared.ENGINE.run(threads, part); // the engine's workers, shared with the products
        } finally {
            q = a = g = phi = null; // do not pin the caller's arrays between calls
        }
        if (statsOut != null) {
            double h = 0, alpha = 0, attraction = 0, repulsion = 0;
            for (int b = 0; b < nb; b++) {
                h += stateBandwidth[b];
                alpha += stateAlpha[b];
                attraction += stateAttraction[b];
                repulsion += stateRepulsion[b];
            }
            int queriesTotal = nb * np;
            statsOut.set(mean(h, queriesTotal), mean(alpha, nb), mean(attraction, queriesTotal),
                    mean(repulsion, queriesTotal));
        }
    }

    private void ensureCapacity() {
        for (int w = 0; w < threads; w++) {
            if (workspaces[w] == null || !workspaces[w].fits(np, npc, nd)) {
                workspaces[w] = new FieldWorkspace(np, npc, nd, SPECIES.length());
            }
        }
        if (stateAlpha.length < nb) {
            stateBandwidth = new double[nb];
            stateAlpha = new double[nb];
            stateAttraction = new double[nb];
            stateRepulsion = new double[nb];
        }
    }

    /** Part {@code w} of {@code threads}: a contiguous block of states, fixed by {@code (w, threads, B)} only. */
    private void computePart(int w) {
        int from = (int) ((long) nb * w / threads);
        int to = (int) ((long) nb * (w + 1) / threads);
        FieldWorkspace ws = workspaces[w];
        for (int b = from; b < to; b++) computeState(b, ws);
    }

    /** φ for the {@code P} queries of state {@code b}. */
    private void computeState(int b, FieldWorkspace ws) {
        double meanGradNorm = ws.load(q, b * np * nd, np, a, g, b * npc * nd, npc, nd);
        double alpha = opts.temperature(meanGradNorm);
        double hSum = 0, attractionSum = 0, repulsionSum = 0;
        for (int i = 0; i < np; i++) {
            ws.squaredDistances(i);
            double h = opts.hasFixedBandwidth() ? opts.bandwidth()
                    : opts.medianBandwidth(ws.lowerMedianDistance(), npc);
            hSum += h;
            ws.weights(h, alpha);
            ws.weightedSums(i);
            int out = (b * np + i) * nd;
            float[] attr = ws.attraction, rep = ws.repulsion;
            double attractionSq = 0, repulsionSq = 0;
            for (int d = 0; d < nd; d++) {
                phi[out + d] = attr[d] + rep[d];
                attractionSq += (double) attr[d] * attr[d];
                repulsionSq += (double) rep[d] * rep[d];
            }
            attractionSum += Math.sqrt(attractionSq);
            repulsionSum += Math.sqrt(repulsionSq);
        }
        stateBandwidth[b] = hSum;
        stateAlpha[b] = alpha;
        stateAttraction[b] = attractionSum;
        stateRepulsion[b] = repulsionSum;
    }

    /** DELTA: {@code φ(q_i) = ∇_a Q(s, q_i)}, passed in as {@code gradients [B, P, D]}. */
    private static double mean(double sum, int count) {
        return count == 0 ? 0 : sum / count;
    }

    /** Later calls with more than one thread throw (the workers are the engine's, shared, and stay). */
    @Override
    public void close() {
        closed = true;
    }
}
