package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

import io.rldt.kernels.SvgdOptions;

/**
 * The SVGD transport field (spec §2).
 *
 * @param particles        P, fresh chains per state; default 8
 * @param kernel           {@code "rbf"} (default) or {@code "delta"} (φ = ∇Q at the query; no repulsion: the ablation)
 * @param fixedBandwidth   h for every query; NaN (default) uses the per-query lower-median heuristic
 * @param temperatureScale α = scale · mean_j ‖∇Q(a_j)‖; default 0.001
 * @param fixedTemperature α for every state; NaN (default) uses the scaled mean gradient norm
 * @param maxTemperature   clamp of α; default 1e5
 */
public record TransportConfig(int particles, String kernel, double fixedBandwidth, double temperatureScale,
                              double fixedTemperature, double maxTemperature) {
    public TransportConfig {
        require(particles >= 1 && particles <= 4096, "transport.particles", particles, "an integer in 1..4096");
        require("rbf".equals(kernel) || "delta".equals(kernel), "transport.kernel", kernel, "rbf or delta");
        require(Double.isNaN(fixedBandwidth) || (fixedBandwidth > 0 && fixedBandwidth < Double.POSITIVE_INFINITY),
                "transport.fixedBandwidth", fixedBandwidth, "nan (median heuristic) or a finite positive number");
        require(temperatureScale >= 0 && temperatureScale < Double.POSITIVE_INFINITY, "transport.temperatureScale",
                temperatureScale, "a finite number >= 0");
        require(Double.isNaN(fixedTemperature) || (fixedTemperature >= 0 && fixedTemperature < Double.POSITIVE_INFINITY),
                "transport.fixedTemperature", fixedTemperature, "nan (scaled gradient norm) or a finite number >= 0");
        require(maxTemperature >= 0 && maxTemperature < Double.POSITIVE_INFINITY, "transport.maxTemperature",
                maxTemperature, "a finite number >= 0");
    }

    public static TransportConfig defaults() {
        return new TransportConfig(8, "rbf", Double.NaN, 0.001, Double.NaN, 1e5);
    }

    public TransportConfig withKernel(String k) {
        return new TransportConfig(particles, k, fixedBandwidth, temperatureScale, fixedTemperature, maxTemperature);
    }

    /** These settings as the field's options (the kernels module's {@link SvgdOptions}). */
    public SvgdOptions svgdOptions() {
        SvgdOptions o = SvgdOptions.defaults()
                .withKernel("delta".equals(kernel) ? SvgdOptions.Kernel.DELTA : SvgdOptions.Kernel.RBF)
                .withTemperatureScale(temperatureScale)
                .withMaxTemperature(maxTemperature);
        if (!Double.isNaN(fixedBandwidth)) o = o.withBandwidth(fixedBandwidth);
        if (!Double.isNaN(fixedTemperature)) o = o.withFixedTemperature(fixedTemperature);
        return o;
    }
}
