package io.rldt.core.policy;

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
        int n = rows() * dim();
        float[] out = new float[n];
        System.arraycopy(states.data(), k * n, out, 0, n);
        return Tensor.wrap(out, rows(), dim());
    }

    /** Row {@code row} of {@code x_k} copied into {@code out[offset..offset+D)}. */
    public void stateRow(int k, int row, float[] out, int offset) {
        System.arraycopy(states.data(), (k * rows() + row) * dim(), out, offset, dim());
    }

    /**
     * The expected target (spec §1) {@code a†(x_k, t_k) = x_k + (1 − t_k)·v_k} for one row, written to
     * {@code out[offset..offset+D)}. At {@code k = K − 1} it equals {@code x_K} up to float rounding.
     */
    public void expectedTargetRow(int k, int row, float[] out, int offset) {
        int d = dim();
        float remaining = 1f - (float) k / steps();
        int base = (k * rows() + row) * d;
        float[] x = states.data(), v = velocities.data();
        for (int j = 0; j < d; j++) out[offset + j] = x[base + j] + remaining * v[base + j];
    }
}
