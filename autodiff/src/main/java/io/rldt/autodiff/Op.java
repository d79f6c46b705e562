package io.rldt.autodiff;

import io.rldt.engine.Tensor;

/**
 * One recorded differentiable operation. Each implementation lives in {@code io.rldt.autodiff.ops} with its
 * forward and backward side by side and the derivative as a comment.
 */
public interface Op {
    /** Short name for error messages, e.g. {@code "matmul"}. */
    String name();

    /**
     * Vector-Jacobian product. Given {@code gradOut = dL/dy} (y's shape), returns exactly one tensor per input
     * (same order as recorded): {@code dL/dx_i}, or {@code null} where {@code needed[i]} is false. A returned
     * gradient may have the broadcast shape of the output; the tape sums it back to the input's shape. The
     * returned tensors may alias {@code gradOut} or saved values; the tape never writes into them.
     */
    Tensor[] backward(Tensor gradOut, boolean[] needed);
}
