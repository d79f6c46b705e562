package io.rldt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One thread's scratch for {@link FastTransportField}: one state's particles in padded layouts, plus the
 * per-query distances, weights and sums. Padding lanes are zero and never written, so full-width vector
 * loads past {@code D} or {@code P'} read zeros.
 */
final class FieldWorkspace {
    private static final VectorSpecies<Float> S = FastTransportField.SPECIES;

    final int np, npc, nd;
    /** Row width {@code D} rounded up to the lane count; padded count of centres for the transposed layout. */
    final int dPad, pcPad;
    final float[] queryRows;     // [P, Dpad]
    final float[] centreRows;    // [P', Dpad]
    final float[] gradientRows;  // [P', Dpad]
    final float[] centresT;      // [D, P'pad]
    final float[] dist;          // [P'pad] ‖q_i − a_j‖² for the current query
    final float[] select;        // [P'] scratch for the median (quickselect permutes)
    final float[] attractionWeight; // [P'pad] k_ij / P'
    final float[] repulsionWeight;  // [P'pad] α·k_ij / (h_i·P')
    final float[] attraction;    // [Dpad] Σ_j k_ij g_j / P'
    final float[] repulsion;     // [Dpad] Σ_j α k_ij (q_i − a_j) / (h_i P')

    FieldWorkspace(int np, int npc, int nd, int lanes) {
        this.np = np;
        this.npc = npc;
        this.nd = nd;
        this.dPad = roundUp(nd, lanes);
        this.pcPad = roundUp(npc, lanes);
        queryRows = new float[np * dPad];
        centreRows = new float[npc * dPad];
        gradientRows = new float[npc * dPad];
        centresT = new float[nd * pcPad];
        dist = new float[pcPad];
        select = new float[npc];
        attractionWeight = new float[pcPad];
        repulsionWeight = new float[pcPad];
        attraction = new float[dPad];
        repulsion = new float[dPad];
    }

    boolean fits(int p, int pc, int d) {
        return p == np && pc == npc && d == nd;
    }

    private static int roundUp(int n, int m) {
        return Math.max(m, (n + m - 1) / m * m);
    }

    /**
     * Copies one state into the padded layouts.
     *
     * @return {@code (1/P')·Σ_j ‖g_j‖}, for the temperature
     */
    double load(float[] q, int qOff, int p, float[] a, float[] g, int aOff, int pc, int d) {
        for (int i = 0; i < p; i++) System.arraycopy(q, qOff + i * d, queryRows, i * dPad, d);
        double normSum = 0;
        for (int j = 0; j < pc; j++) {
            int src = aOff + j * d;
            System.arraycopy(a, src, centreRows, j * dPad, d);
            System.arraycopy(g, src, gradientRows, j * dPad, d);
            double sq = 0;
            for (int k = 0; k < d; k++) {
                centresT[k * pcPad + j] = a[src + k];
                sq += (double) g[src + k] * g[src + k];
            }
            normSum += Math.sqrt(sq);
        }
        return normSum / pc;
    }

    /** {@code dist[j] = ‖q_i − a_j‖²} for all centres at once: lanes run over {@code j}, the loop over {@code d}. */
    void squaredDistances(int i) {
        int qRow = i * dPad;
        for (int jv = 0; jv < pcPad; jv += S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (int k = 0; k < nd; k++) {
                FloatVector diff = FloatVector.fromArray(S, centresT, k * pcPad + jv).sub(queryRows[qRow + k]);
                acc = diff.fma(diff, acc);
            }
            acc.intoArray(dist, jv);
        }
        // Padding centres are zeros, not particles: keep them out of the median and give them zero weight.
        for (int j = npc; j < pcPad; j++) dist[j] = Float.POSITIVE_INFINITY;
    }

    /** Above this many centres the O(P'²) rank count loses to quickselect's O(P'). */
    private static final int RANK_COUNT_MAX = 64;

    /**
     * The lower median of {@code dist[0, P')}: the value whose rank range {@code [#less, #lessOrEqual)} holds
     * index {@code (P' − 1)/2}. Counting ranks with vector compares has no data-dependent branches; quickselect
     * on random distances mispredicts about every other comparison and was the slowest step at P' = 32.
     * NaN distances give NaN.
     */
    float lowerMedianDistance() {
        if (npc > RANK_COUNT_MAX) {
            System.arraycopy(dist, 0, select, 0, npc);
            return Select.lowerMedian(select, npc);
        }
        int k = (npc - 1) / 2;
        for (int j = 0; j < npc; j++) {
            float v = dist[j];
            int less = 0, lessOrEqual = 0;
            for (int jv = 0; jv < pcPad; jv += S.length()) {
                FloatVector d = FloatVector.fromArray(S, dist, jv); // padding lanes are +inf: never counted
                less += d.compare(VectorOperators.LT, v).trueCount();
                lessOrEqual += d.compare(VectorOperators.LE, v).trueCount();
            }
            if (less <= k && k < lessOrEqual) return v;
        }
        return Float.NaN;
    }

    /**
     * The per-centre weights of the current query from {@link #dist}: {@code k_ij/P'} and
     * {@code α·k_ij/(h_i·P')}, with {@code k_ij = exp(−d_ij/(2h_i))} computed a vector of centres at a time.
     */
    void weights(double h, double alpha) {
        float minusHalfInvH = (float) (-0.5 / h);
        float attractionScale = (float) (1.0 / npc);
        float repulsionScale = (float) (alpha / (h * npc));
        for (int jv = 0; jv < pcPad; jv += S.length()) {
            FloatVector k = VectorMath.expNonPositive(FloatVector.fromArray(S, dist, jv).mul(minusHalfInvH));
            k.mul(attractionScale).intoArray(attractionWeight, jv);
            k.mul(repulsionScale).intoArray(repulsionWeight, jv);
        }
    }

    /** Fills {@link #attraction} and {@link #repulsion} for query {@code i} from the current weights. */
    void weightedSums(int i) {
        int qRow = i * dPad;
        for (int v = 0; v < dPad; v += S.length()) {
            FloatVector qv = FloatVector.fromArray(S, queryRows, qRow + v);
            FloatVector at = FloatVector.zero(S);
            FloatVector rp = FloatVector.zero(S);
            for (int j = 0; j < npc; j++) {
                int row = j * dPad + v;
                at = FloatVector.fromArray(S, gradientRows, row).fma(FloatVector.broadcast(S, attractionWeight[j]), at);
                FloatVector diff = qv.sub(FloatVector.fromArray(S, centreRows, row));
                rp = diff.fma(FloatVector.broadcast(S, repulsionWeight[j]), rp);
            }
            at.intoArray(attraction, v);
            rp.intoArray(repulsion, v);
        }
    }
}
