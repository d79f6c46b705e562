package io.rldt.cuda;

import java.util.List;

/** Device versions of the autodiff module's named kernels (ops, optimisers); their source is {@code device/autodiff.cu}. */
final class AutodiffDeviceKernels {
    private AutodiffDeviceKernels() {}

    static final List<DeviceKernel> KERNELS = List.of(
            // elementwise ops (ops/*.java): one work item per output element
            DeviceKernel.perElement("relu"),
            DeviceKernel.perElement("relu_grad"),
            DeviceKernel.perElement("abs"),
            DeviceKernel.perElement("abs_grad"),
            DeviceKernel.perElement("neg"),
            DeviceKernel.perElement("neg_grad"),
            DeviceKernel.perElement("exp"),
            DeviceKernel.perElement("exp_grad"),
            DeviceKernel.perElement("log"),
            DeviceKernel.perElement("log_grad"),
            DeviceKernel.perElement("sin"),
            DeviceKernel.perElement("sin_grad"),
            DeviceKernel.perElement("cos"),
            DeviceKernel.perElement("cos_grad"),
            DeviceKernel.perElement("sqrt"),
            DeviceKernel.perElement("sqrt_grad"),
            DeviceKernel.perElement("square"),
            DeviceKernel.perElement("square_grad"),
            DeviceKernel.perElement("tanh"),
            DeviceKernel.perElement("tanh_grad"),
            DeviceKernel.perElement("sigmoid"),
            DeviceKernel.perElement("sigmoid_grad"),
            DeviceKernel.perElement("softplus"),
            DeviceKernel.perElement("softplus_grad"),
            DeviceKernel.perElement("log1mTanhSq"),
            DeviceKernel.perElement("log1mTanhSq_grad"),
            DeviceKernel.perElement("pow"),
            DeviceKernel.perElement("pow_grad"),
            DeviceKernel.perElement("scale"),
            DeviceKernel.perElement("scale_grad"),
            DeviceKernel.perElement("clamp"),
            DeviceKernel.perElement("clamp_grad"),
            DeviceKernel.perElement("mish"),
            DeviceKernel.perElement("mish_grad"),
            DeviceKernel.perElement("sigmoid_fast"),
            DeviceKernel.perElement("mul_fast"),
            DeviceKernel.perElement("silu_grad"),
            DeviceKernel.perElement("extremum_grad"),
            // bias and fused linear activations (BiasAdd, LinearAct); the column sums run one item per column
            DeviceKernel.perElement("bias_add_rows"),
            DeviceKernel.perElement("column_sums_rows"),
            DeviceKernel.perElement("bias_add"),
            DeviceKernel.perElement("bias_relu"),
            DeviceKernel.perElement("bias_silu"),
            DeviceKernel.perElement("column_sums"),
            // layer norm: forward one item per row (rstd [N] is in[4]); backward one per row (dx) plus one per
            // column (dγ, dβ accumulated over the rows in order)
            DeviceKernel.of("layer_norm", (out, in, p) -> in[4].size()),
            DeviceKernel.of("layer_norm_grad", (out, in, p) -> {
                long rows = in[3].size();
                return rows == 0 ? 0 : rows + in[0].size() / rows;
            }),
            // losses: the MSE sum is one sequential reduction (one work item, the Java order)
            DeviceKernel.of("mse", (out, in, p) -> 1),
            DeviceKernel.perElement("mse_grad"),
            DeviceKernel.perElement("gaussian_log_prob_terms"),
            DeviceKernel.perElement("gaussian_log_prob_grad"),
            // optimisers: Adam per element of the moments; the gradient norm is one sequential reduction
            DeviceKernel.of("adam_step", (out, in, p) -> in[1].size()),
            DeviceKernel.withTable("clip_grad_norm", (out, in, p) -> 1).withDoubles(0),
            DeviceKernel.perElement("ema_update"),
            // F.sinusoidalEmbedding's frequencies
            DeviceKernel.perElement("sinusoidal_frequencies"));
}
