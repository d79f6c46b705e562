package io.rldt.engine;

/**
 * The validated geometry of a (batched) matrix product {@code op(a)·op(b)}: batch count, m, k, n and the
 * batch strides of each operand (0 for a broadcast rank-2 operand). Backends share it so every one rejects
 * the same bad shapes with the same message.
 */
public record MatmulShape(int batch, int m, int k, int n, int aBatchStride, int bBatchStride) {

    public static MatmulShape of(Tensor a, boolean ta, Tensor b, boolean tb, Tensor out) {
        if (a.rank() < 2 || a.rank() > 3 || b.rank() < 2 || b.rank() > 3) {
            throw new IllegalArgumentException("matmul: operands must have rank 2 or 3, got "
                    + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        }
        int ar = a.rank(), br = b.rank();
        int m = ta ? a.dim(ar - 1) : a.dim(ar - 2);
        int ka = ta ? a.dim(ar - 2) : a.dim(ar - 1);
        int kb = tb ? b.dim(br - 1) : b.dim(br - 2);
        int n = tb ? b.dim(br - 2) : b.dim(br - 1);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: a" + Shapes.str(a.shape())
                    + (ta ? "ᵀ" : "") + " · b" + Shapes.str(b.shape()) + (tb ? "ᵀ" : "") + " (" + ka + " vs " + kb + ")");
        }
        int batchA = ar == 3 ? a.dim(0) : 1, batchB = br == 3 ? b.dim(0) : 1;
        if (ar == 3 && br == 3 && batchA != batchB) {
            throw new IllegalArgumentException("matmul: batch sizes differ: " + Shapes.str(a.shape()) + " and "
                    + Shapes.str(b.shape()));
        }
        int batch = ar == 3 ? batchA : batchB; // a batch of 0 stays 0
        int[] expected = (ar == 3 || br == 3) ? new int[] {batch, m, n} : new int[] {m, n};
        Checks.outShape("matmul", out, expected, a, b);
        return new MatmulShape(batch, m, ka, n, ar == 3 ? m * ka : 0, br == 3 ? ka * n : 0);
    }
}
