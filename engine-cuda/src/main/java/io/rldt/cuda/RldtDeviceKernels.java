package io.rldt.cuda;

import io.rldt.engine.Tensor;
import java.util.List;

/**
 * Device versions of the named kernels of the rldt, kernels and engine modules (policy chains, critic targets,
 * the transport field, metrics); their source is {@code device/rldt.cu}, where each function's comment gives its
 * host kernel, inputs and formula.
 *
 * <p>Work items: one per output element unless said otherwise; one per row where a row's values depend on each
 * other (a norm, a trajectory's backward recursion); one in all for a whole-tensor reduction whose Java loop
 * fixes the order of a double sum ({@code mean_row_norm}, {@code sum_as_double}): sequential on a GPU, but
 * bit-identical to the host. {@code svgd_field} runs one item per query, each writing its terms of the
 * statistics to a scratch input, then a finish pass of one item that sums the terms in the reference's order.
 *
 * <p>The device code reads what the host body gets from {@code p.length} or {@code in.length} elsewhere: a box or
 * squash's column count is the output's last dimension. Kernels whose input count follows the user's config (an
 * ensemble's members, {@code Metrics.sum}'s tensors) read their inputs from the argument block's table
 * ({@link DeviceKernel#withTable}: any number). The work-item functions below check the assumptions against the
 * call and throw on a call the device code would misread, instead of computing something else.
 *
 * <p>Scalars: a kernel reads scalar {@code k} with {@code ARG(k)} ({@code rl_p} in {@code rldt.cu}): from the
 * argument block, or from the double table {@link ResidentBackend#kernel} uploads for lists longer than {@link
 * DeviceArgs#MAX_SCALARS} ({@code expected_target}'s per-row depths, {@code exploration_perturb}'s noise, {@code
 * td_lambda_targets}' trajectory lengths, wide {@code clip_box}/{@code tanh_squash} rows).
 *
 * <p>Outputs holding doubles as putDouble triples are listed with {@link DeviceKernel#withDoubles} (compared as
 * doubles in check mode).
 */
final class RldtDeviceKernels {
    private RldtDeviceKernels() {}

    /** The number of the transport field's scalar arguments: {@code SvgdOptions} as {@code k_svgd_field} reads it. */
    static final int SVGD_FIELD_ARGS = 6;

    /** The operand slot of {@code svgd_field}'s statistics (in[3]: putDouble triples). */
    static final int SVGD_FIELD_STATS = 4;

    /** Floats of {@code svgd_field}'s scratch per query: four putDouble triples ({@code RL_SVGD_SCRATCH}). */
    static final int SVGD_SCRATCH_PER_QUERY = 12;

    static final List<DeviceKernel> KERNELS = List.of(
            // rldt: agent/RldtKernels.java
            DeviceKernel.perElement("fisher_interpolate"),
            DeviceKernel.perElement("transport_weight"),
            DeviceKernel.perElement("consistency_offset"),
            DeviceKernel.of("mean_row_norm", (out, in, p) -> 1).withDoubles(0),
            // rldt: agent/SacAgent.java
            DeviceKernel.perElement("sac_td_target"),
            // rldt: critic/CriticEnsemble.java (members: the inputs, any number)
            DeviceKernel.withTable("ensemble_min", RldtDeviceKernels::ensembleItems),
            DeviceKernel.withTable("ensemble_mean_minus_std", RldtDeviceKernels::ensembleItems),
            // rldt: data/CriticBatch.java
            DeviceKernel.perElement("bootstrap_mean"),
            DeviceKernel.of("td_lambda_targets", (out, in, p) -> {
                require(p.length >= 2 && p.length % 2 == 0, "td_lambda_targets", "p = {γ, λ, (length, terminal)...}", p);
                // the host body rejects these (TdTargets); on a device they would read and write out of bounds
                long total = 0;
                for (int k = 2; k < p.length; k += 2) {
                    if (!(p[k] >= 1 && p[k] == Math.rint(p[k]))) {
                        throw new IllegalArgumentException("td_lambda_targets: trajectory " + (k - 2) / 2 + " has length "
                                + p[k] + "; expected a whole number ≥ 1");
                    }
                    total += (long) p[k];
                }
                if (total > out.size() || in[0].size() < total || in[1].size() < total) {
                    throw new IllegalArgumentException("td_lambda_targets: trajectories of " + total + " steps in all "
                            + "for " + out.size() + " targets, " + in[0].size() + " rewards and " + in[1].size() + " values");
                }
                return (p.length - 2) / 2;                      // one per trajectory
            }),
            // rldt: policy/FlowPolicy.java
            DeviceKernel.of("euler_step", (out, in, p) -> {
                require(p.length == 3, "euler_step", "p = {k, Δt, N·D}", p);
                return (long) p[2];                             // the N·D elements of row k + 1
            }),
            // rldt: policy/Chain.java
            DeviceKernel.of("expected_target", (out, in, p) -> {
                require(out.rank() == 2 && p.length == 1 + out.dim(0), "expected_target", "out [N, D], p = {K, k_0..k_{N−1}}", p);
                return out.size();
            }),
            // rldt: policy/Exploration.java
            DeviceKernel.of("exploration_perturb", (out, in, p) -> {
                require(out.rank() == 2 && p.length == out.size(), "exploration_perturb", "a [N, D], p = ξ [N·D]", p);
                return out.dim(0);                              // one per row
            }),
            DeviceKernel.of("clip_box", (out, in, p) -> {
                require(p.length == 2 * lastDim(out), "clip_box", "p = {low.., high..} of a's last dim each", p);
                return out.size();
            }),
            // rldt: policy/SquashedGaussianPolicy.java
            DeviceKernel.of("tanh_squash", (out, in, p) -> {
                require(p.length == 2 * lastDim(out), "tanh_squash", "p = {c.., b..} of out's last dim each", p);
                return out.size();
            }),
            // kernels: ResidentTransportField.java
            DeviceKernel.of("svgd_field", RldtDeviceKernels::svgdFieldItems).withFinish().withDoubles(SVGD_FIELD_STATS)
                    .withScratch(SVGD_FIELD_STATS + 1),
            // engine: Metrics.java (any number of tensors)
            DeviceKernel.withTable("sum_as_double", (out, in, p) -> {
                for (Tensor x : in) {
                    if (x == null) throw new IllegalArgumentException("sum_as_double: a null input (the host body reads every one)");
                }
                return 1;
            }).withDoubles(0));

    /**
     * {@code svgd_field}: one work item per query (φ and its terms of the statistics in the scratch); the finish
     * pass sums the terms. Checks the operands {@code k_svgd_field} reads: out φ [B, P, D]; in: queries [B, P, D],
     * centres [B, P', D] (null for DELTA), gradients, stats [12], scratch [B, P, 12]; p = the options.
     */
    private static long svgdFieldItems(Tensor out, Tensor[] in, double[] p) {
        // the host body has the options in its closure; the device needs them as scalars
        require(p.length == SVGD_FIELD_ARGS, "svgd_field", "the caller (ResidentTransportField) to pass its "
                + "SvgdOptions as p = {kernel (0 RBF, 1 DELTA), bandwidth (NaN: median), temperatureScale, "
                + "fixedTemperature (NaN: adaptive), maxTemperature, bandwidthFloor}", p);
        if (in.length != 5 || out == null || out.rank() != 3 || in[0] == null || in[0].rank() != 3 || in[2] == null
                || in[3] == null || in[3].size() != 12 || in[4] == null
                || in[4].size() != (long) SVGD_SCRATCH_PER_QUERY * out.dim(0) * out.dim(1)
                || p[0] == 0 && (in[1] == null || in[1].rank() != 3)) {
            throw new IllegalArgumentException("device kernel svgd_field: expected out φ [B, P, D] and in: queries "
                    + "[B, P, D], centres [B, P', D] (null for DELTA), gradients, stats [12], scratch [B, P, "
                    + SVGD_SCRATCH_PER_QUERY + "] (the caller, ResidentTransportField, passes them)");
        }
        return (long) out.dim(0) * out.dim(1);               // one per query
    }

    /** One per element; every member has the output's elements (the device reads each at every element). */
    private static long ensembleItems(Tensor out, Tensor[] in, double[] p) {
        for (Tensor q : in) {
            if (q == null || q.size() < out.size()) {
                throw new IllegalArgumentException("ensemble kernel: a member that is null or smaller than the output ["
                        + out.size() + "]");
            }
        }
        return out.size();
    }

    private static int lastDim(Tensor t) {
        return t.rank() == 0 ? 1 : t.dim(t.rank() - 1);
    }

    private static void require(boolean ok, String kernel, String expected, double[] p) {
        if (!ok) {
            throw new IllegalArgumentException("device kernel " + kernel + ": expected " + expected + ", got "
                    + p.length + " scalars");
        }
    }
}
