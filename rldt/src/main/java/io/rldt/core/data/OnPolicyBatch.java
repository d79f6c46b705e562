package io.rldt.core.data;

import io.rldt.engine.Tensor;

/**
 * One iteration's on-policy samples, flattened row by row (row {@code t·E + e}: chunk step t of env e): what a
 * PPO-family update reads (baselines spec §6.3). {@code records} holds the method's per-step record (ReinFlow:
 * the chain and log p_old; Flow-DPPO: the chain and per-step log p_old; FPO++: the (ε_i, τ_i, ℓ_old,i)).
 *
 * @param size        N rows
 * @param observations [N, O] s_t
 * @param actions     [N, D] executed (stored) chunk
 * @param records     [N, X] the method's record
 * @param values      [N] V_old(s_t)
 * @param advantages  [N] GAE advantages A_t
 * @param returns     [N] value targets R_t = A_t + V_old(s_t)
 */
public record OnPolicyBatch(int size, int obsDim, int actionDim, int recordWidth, float[] observations,
                            float[] actions, float[] records, float[] values, float[] advantages, float[] returns) {
    public OnPolicyBatch {
        if (observations.length != (long) size * obsDim || actions.length != (long) size * actionDim
                || records.length != (long) size * recordWidth || values.length != size || advantages.length != size
                || returns.length != size) {
            throw new IllegalArgumentException("OnPolicyBatch: arrays do not match " + size + " rows");
        }
    }

    /** s of the given rows: [B, O]. */
    public Tensor observations(int[] rows) { return gather(observations, obsDim, rows); }

    /** Executed chunks of the given rows: [B, D]. */
    public Tensor actions(int[] rows) { return gather(actions, actionDim, rows); }

    /** Records of the given rows: [B, X]. */
    public Tensor records(int[] rows) { return gather(records, recordWidth, rows); }

    public float[] advantages(int[] rows) { return gather(advantages, 1, rows).data(); }

    public float[] returns(int[] rows) { return gather(returns, 1, rows).data(); }

    private static Tensor gather(float[] from, int width, int[] rows) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) System.arraycopy(from, rows[i] * width, out, i * width, width);
        return Tensor.wrap(out, rows.length, width);
    }
}
