package io.rldt.core.policy;

import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * A whole Euler chain for N rows: the states {@code x_0..x_K} and the velocities {@code v_0..v_{K−1}} that
 * produced them ({@code x_{k+1} = x_k + v_k/K}). Plain tensors, recorded on no tape.
 *
 * @param states     [K + 1, N, D]
 * @param velocities [K, N, D]
 */
public record Chain(Tensor states, Tensor velocities) {

    public int steps() { return velocities.dim(0); }

    public int rows() { return velocities.dim(1); }

    public int dim() { return velocities.dim(2); }

    /** The final samples {@code a = x_K} as a new [N, D] tensor. */
    public Tensor actions() {
        return state(steps());
    }

    /** {@code x_k} as a new [N, D] tensor. */
    public Tensor state(int k) {
        return Ops.slice(states, 0, k, k + 1).reshape(rows(), dim());
    }

    /** Row i of {@code x_{depth[i]}} for every row: a new [N, D] tensor (a gather; the chain stays where it is). */
    public Tensor statesAt(int[] depth) {
        return Ops.indexSelect(states.reshape(-1, dim()), 0, flatRows(depth));
    }

    /**
     * The expected targets (spec §1) {@code a†_i = x_{k_i} + (1 − k_i/K)·v_{k_i}} of every row i at its depth
     * {@code k_i}: a new [N, D] tensor. At {@code k = K − 1} it equals {@code x_K} up to float rounding.
     */
    public Tensor expectedTargetsAt(int[] depth) {
        int[] rows = flatRows(depth);
        Tensor x = Ops.indexSelect(states.reshape(-1, dim()), 0, rows);
        Tensor v = Ops.indexSelect(velocities.reshape(-1, dim()), 0, rows);
        double[] p = new double[1 + depth.length]; // {K, k_0..k_{N−1}}
        p[0] = steps();
        for (int i = 0; i < depth.length; i++) p[1 + i] = depth[i];
        Tensor out = Tensor.zeros(rows(), dim());
        Backends.current().kernel(EXPECTED_TARGET, p, out, x, v);
        return out;
    }

    /** a† [N, D] = x + (1 − k_i/K)·v per row, in: x, v [N, D]; p = {K, k_0..k_{N−1}}. */
    private static final HostKernel EXPECTED_TARGET = new HostKernel("expected_target", (q, in, p) -> {
        float[] out = q.data(), x = in[0].data(), v = in[1].data();
        int n = q.dim(0), d = q.dim(1), k = (int) p[0];
        for (int i = 0; i < n; i++) {
            float remaining = 1f - (float) (int) p[1 + i] / k;
            for (int j = 0; j < d; j++) out[i * d + j] = x[i * d + j] + remaining * v[i * d + j];
        }
    });

    /** Row indices of [K·N, D] views: row i at depth k_i is k_i·N + i. */
    private int[] flatRows(int[] depth) {
        int n = rows();
        if (depth.length != n) throw new IllegalArgumentException("depths: " + depth.length + " for " + n + " rows");
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = depth[i] * n + i;
        return idx;
    }
}
