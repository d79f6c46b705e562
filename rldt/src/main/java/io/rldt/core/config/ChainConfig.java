package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * The noisy Euler chain of ReinFlow (learned σ, spec §2.2) and Flow-DPPO (fixed σ, spec §3.2 option 1):
 * {@code x_{k+1} = clip(x_k + v_θ(x_k, t_k, s)/K, lo, hi) + σ_k ⊙ clip(ξ, ±randnClip)}, {@code t_k = k/K}.
 *
 * @param denoisingSteps  K of the chain; 0 = the pretrained checkpoint's K (Flow-DPPO, FPO++); ReinFlow's presets set 4, the
 *                        paper's K, re-discretising the checkpoint's flow (spec §2.4)
 * @param sigmaMin        lower bound of ReinFlow's learned σ and the floor of every σ; default 0.10
 * @param sigmaMax        upper bound of ReinFlow's learned σ at the start; default 0.24
 * @param sigmaSchedule   {@code learn_decay}: σ_max held for {@code sigmaHoldFraction} of the training iterations, then
 *                        cosine-decayed to {@code 0.3·σ_min + 0.7·σ_max}; {@code const}: σ_max fixed
 * @param sigmaHoldFraction share of training iterations before the σ_max decay starts; default 0.35
 * @param fixedSigma      Flow-DPPO's fixed per-step σ (floored at {@code sigmaMin}); default 0.1
 * @param randnClip       the injected noise ξ is clipped to ±this; default 3
 * @param logprobMin      lower clamp of the (normalised) log-likelihood: ReinFlow −1, Flow-DPPO −5
 * @param logprobMax      upper clamp: ReinFlow 1, Flow-DPPO 2
 * @param noiseHidden     width of the noise net's two Tanh layers; default 64
 * @param fineTunedSteps  Flow-DPPO's K': only the last K' transitions are trained, earlier ones use the frozen
 *                        pretrained net (DPPO: the last 10 of 20); 0 = half of K, rounded up
 * @param gammaDenoise    Flow-DPPO's γ_denoise: step k's advantage is weighted by γ_den^(K−1−k); default 0.99
 */
public record ChainConfig(int denoisingSteps, double sigmaMin, double sigmaMax, String sigmaSchedule,
                          double sigmaHoldFraction, double fixedSigma, double randnClip, double logprobMin,
                          double logprobMax, int noiseHidden, int fineTunedSteps, double gammaDenoise) {
    public ChainConfig {
        require(denoisingSteps >= 0 && denoisingSteps <= 1000, "chain.denoisingSteps", denoisingSteps, "0 (the checkpoint's K) or an integer in 1..1000");
        require(sigmaMin > 0 && Double.isFinite(sigmaMin), "chain.sigmaMin", sigmaMin, "a positive finite std");
        require(sigmaMax >= sigmaMin && Double.isFinite(sigmaMax), "chain.sigmaMax", sigmaMax, "a finite std >= chain.sigmaMin (" + sigmaMin + ")");
        require("learn_decay".equals(sigmaSchedule) || "const".equals(sigmaSchedule), "chain.sigmaSchedule", sigmaSchedule, "learn_decay or const");
        require(sigmaHoldFraction >= 0 && sigmaHoldFraction <= 1, "chain.sigmaHoldFraction", sigmaHoldFraction, "a number in [0, 1]");
        require(fixedSigma > 0 && Double.isFinite(fixedSigma), "chain.fixedSigma", fixedSigma, "a positive finite std");
        require(randnClip > 0, "chain.randnClip", randnClip, "a positive number (inf = no clipping)");
        require(logprobMin < logprobMax, "chain.logprobMin", logprobMin, "a number below chain.logprobMax (" + logprobMax + ")");
        require(noiseHidden >= 1 && noiseHidden <= PolicyConfig.MAX_WIDTH, "chain.noiseHidden", noiseHidden, "an integer in 1.." + PolicyConfig.MAX_WIDTH);
        require(fineTunedSteps >= 0, "chain.fineTunedSteps", fineTunedSteps, "0 (half of K) or a positive integer");
        require(gammaDenoise > 0 && gammaDenoise <= 1, "chain.gammaDenoise", gammaDenoise, "a number in (0, 1]");
    }
}
