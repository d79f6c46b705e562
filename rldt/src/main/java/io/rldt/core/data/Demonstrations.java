package io.rldt.core.data;

import io.rldt.engine.Tensor;

/**
 * Observation / action-chunk pairs for flow-matching pretraining, already in the policy's (normalised)
 * spaces, with the statistics that map them back.
 *
 * @param observations [N, O]
 * @param chunks       [N, D] flattened action chunks, D = H·A
 * @param horizon      H
 * @param stats        the min-max statistics used for normalisation (identity when not normalised)
 */
public record Demonstrations(Tensor observations, Tensor chunks, int horizon, NormalizationStats stats) {
    public Demonstrations {
        if (observations.rank() != 2 || chunks.rank() != 2 || observations.dim(0) != chunks.dim(0)) {
            throw new IllegalArgumentException("Demonstrations: observations " + java.util.Arrays.toString(observations.shape())
                    + " and chunks " + java.util.Arrays.toString(chunks.shape()) + " must be [N, O] and [N, D] with the same N");
        }
        if (chunks.dim(1) % horizon != 0) {
            throw new IllegalArgumentException("Demonstrations: chunk width " + chunks.dim(1) + " is not a multiple of horizon " + horizon);
        }
    }

    public int size() { return observations.dim(0); }

    public int obsDim() { return observations.dim(1); }

    public int chunkDim() { return chunks.dim(1); }
}
