package io.rldt.kernels;

import io.rldt.engine.Tensor;

/**
 * The SVGD transport field of RLDT (spec §2), batched over states. Everything here is under stop-gradient:
 * plain float tensors in, plain float tensors out.
 *
 * <p>Per state {@code b}, with queries {@code q_i} ({@code i < P}), centres {@code a_j} ({@code j < P'}) and
 * critic gradients {@code g_j = ∇_a Q(s, a_j)}:
 * <pre>
 *   h_i    = max( lowerMedian_j ‖q_i − a_j‖² / (2·log(P' + 1)), floor )     (or a fixed h)
 *   k(q,a) = exp(−‖q − a‖² / (2·h_i))
 *   α      = clamp(0.001 · (1/P')·Σ_j ‖g_j‖, 0, 1e5)                      (or a fixed α)
 *   φ(q_i) = (1/P')·Σ_j [ k(q_i, a_j)·g_j  +  α·k(q_i, a_j)·(q_i − a_j)/h_i ]
 * </pre>
 * The lower median of an even count is the lower of the two middle values (index {@code (P' − 1)/2} of the
 * sorted distances). The second term equals {@code α·∂k(a_j, q_i)/∂a_j} with {@code h_i} held fixed:
 * repulsion, pushing queries away from crowded centres.
 *
 * <p><b>DELTA kernel.</b> The field is the critic gradient at the query itself, {@code φ(q_i) = ∇_a Q(s, q_i)},
 * with no repulsion. The field cannot interpolate gradients known only at the centres, so in this mode the
 * caller passes {@code ∇_a Q(s, q_i)} as {@code gradients} (shape {@code [B, P, D]}, like the queries);
 * {@code centres} are ignored and may be {@code null}.
 *
 * <p>Implementations: {@link ReferenceTransportField} (the specification, plain loops in double) and
 * {@link FastTransportField} (Vector API, workspaces, optional threads); {@link TransportFields#create} picks one.
 */
public interface TransportField extends AutoCloseable {

    /**
     * Computes {@code φ} at every query.
     *
     * @param queries   {@code [B, P, D]} query points {@code q_i}; not modified
     * @param centres   {@code [B, P', D]} the final samples {@code a_j}, {@code P' >= 1}; not modified; unused
     *                  (may be null) for DELTA
     * @param gradients RBF: {@code [B, P', D]} {@code g_j = ∇_a Q(s, a_j)}; DELTA: {@code [B, P, D]}
     *                  {@code ∇_a Q(s, q_i)}; not modified
     * @param opts      kernel, bandwidth and temperature settings
     * @param phiOut    {@code [B, P, D]} overwritten with {@code φ(q_i)}; must not share data with an input
     * @param statsOut  overwritten with summary numbers when not null
     * @throws IllegalArgumentException on mismatched shapes or aliasing, naming the tensors and shapes
     */
    void compute(Tensor queries, Tensor centres, Tensor gradients, SvgdOptions opts, Tensor phiOut,
                 FieldStats statsOut);

    /** A short name for logs ("reference", "fast[threads=2]"). */
    String name();

    /** Releases worker threads, if the implementation has any (the fast field's gang). */
    @Override
    default void close() {}
}
