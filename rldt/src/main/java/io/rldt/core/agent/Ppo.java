package io.rldt.core.agent;

import io.rldt.autodiff.Var;
import io.rldt.autodiff.optim.Adam;
import io.rldt.autodiff.optim.Schedules;
import io.rldt.core.config.PpoConfig;
import io.rldt.core.critic.ValueNet;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The pieces of PPO the three on-policy agents share (baselines spec §2.3, §3.3, §4.2, §6.7), each a formula:
 * <pre>
 *   L_clip = mean( max(−Â·ρ, −Â·clip(ρ, 1 − ε, 1 + ε)) )
 *   L_V    = ½·mean( (V(s) − R)² )
 *   KL     ≈ mean( (ρ − 1) − log ρ )
 *   Â      = (A − mean A) / (std A + 1e-8)
 * </pre>
 */
final class Ppo {
    private Ppo() {}

    /** L_clip for ratios ρ [B] (on the tape) and advantages Â [B]. */
    static Var clippedSurrogate(Var ratio, Tensor advantages, float clip) {
        Var unclipped = ratio.mul(advantages).neg();
        Var clipped = ratio.clamp(1 - clip, 1 + clip).mul(advantages).neg();
        return unclipped.max(clipped).mean();
    }

    /** ½·mean((V(s) − R)²) for states [B, O] and targets R [B]. */
    static Var valueLoss(ValueNet value, Tensor states, float[] returns) {
        Var v = value.forward(Var.constant(states)).reshape(returns.length);
        return v.sub(Tensor.wrap(returns, returns.length)).square().mean().scale(0.5f);
    }

    /** Â = (A − mean)/(std + 1e-8) with the unbiased std (n − 1), as torch's {@code a.std()}. */
    static float[] normalise(float[] a) {
        int n = a.length;
        double mean = 0, var = 0;
        for (float v : a) mean += v / (double) n;
        for (float v : a) var += (v - mean) * (v - mean);
        double std = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) ((a[i] - mean) / (std + 1e-8));
        return out;
    }

    /** mean((ρ − 1) − log ρ) from log ρ values. */
    static double approxKl(Tensor logRatio) {
        double s = 0;
        for (float l : logRatio.data()) s += Math.expm1(l) - l;
        return s / logRatio.size();
    }

    /** Fraction of ratios outside [1 − ε, 1 + ε]. */
    static double clipFraction(Tensor ratio, double clip) {
        int c = 0;
        for (float r : ratio.data()) if (Math.abs(r - 1) > clip) c++;
        return (double) c / ratio.size();
    }

    /**
     * The rate at schedule index {@code index} of DPPO's and ReinFlow's per-iteration CosineAnnealingWarmupRestarts
     * ({@link Schedules#warmupCosineRestarts}): in every cycle of {@code cycle} iterations, linear from {@code min}
     * to {@code peak} over the first {@code warmup}, then cosine back toward {@code min}; then a restart.
     */
    static double learningRate(double peak, double min, int warmup, int cycle, int index) {
        return Schedules.warmupCosineRestarts(peak, min, warmup, cycle).lr(index);
    }

    /**
     * Sets both learning rates for training iteration {@code trainIteration} (from 0). V(s) is at schedule index
     * {@code trainIteration}; the actor's schedule starts when the actor does, at index
     * {@code max(0, trainIteration − criticWarmup)}, as the reference code steps the actor's scheduler only once
     * {@code itr ≥ n_critic_warmup_itr} (baselines spec §2.3).
     */
    static void setLearningRates(PpoConfig p, int criticWarmup, int trainIteration, Adam actor, Adam critic) {
        int w = p.lrWarmupIterations(), cycle = p.lrCycleIterations();
        actor.setLr(learningRate(p.actorLr(), p.actorMinLr(), w, cycle, Math.max(0, trainIteration - criticWarmup)));
        critic.setLr(learningRate(p.criticLr(), p.criticMinLr(), w, cycle, trainIteration));
    }

    /** Minibatches of row indices over a fresh permutation of {@code n} rows: sizes {@code size} (the last may be short). */
    static int[][] minibatches(int n, int size, Rng rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        int count = (n + size - 1) / size;
        int[][] out = new int[count][];
        for (int b = 0; b < count; b++) out[b] = java.util.Arrays.copyOfRange(perm, b * size, Math.min(n, (b + 1) * size));
        return out;
    }

    /** Scales the gradients of {@code params} so their global L2 norm is at most {@code maxNorm}; returns the norm before. */
    static double clipGradNorm(Collection<Var> params, double maxNorm) {
        double sq = 0;
        for (Var p : params) if (p.grad() != null) for (float g : p.grad().data()) sq += (double) g * g;
        double norm = Math.sqrt(sq);
        if (maxNorm > 0 && norm > maxNorm) {
            float f = (float) (maxNorm / (norm + 1e-6));
            for (Var p : params) if (p.grad() != null) for (int i = 0; i < p.grad().size(); i++) p.grad().data()[i] *= f;
        }
        return norm;
    }

    static double mean(Tensor x) {
        double s = 0;
        for (float v : x.data()) s += v;
        return s / x.size();
    }

    /**
     * The PPO epoch loop: {@code epochs} passes over a fresh permutation of {@code rows} sample indices in
     * minibatches of {@code size}, one {@code step} each, stopping when a step's {@code actor/approx_kl} exceeds
     * {@code targetKl}. Returns the steps' mean metrics plus {@code actor/epochs} and {@code actor/grad_steps}.
     */
    static Map<String, Double> epochs(int rows, int size, int epochs, double targetKl, Rng rng,
                                      Function<int[], Map<String, Double>> step) {
        Map<String, Double> sums = new LinkedHashMap<>();
        int steps = 0, done = 0;
        boolean stop = false;
        for (int epoch = 0; epoch < epochs && !stop; epoch++) {
            for (int[] mb : minibatches(rows, size, rng)) {
                Map<String, Double> m = step.apply(mb);
                m.forEach((k, v) -> sums.merge(k, v, Double::sum));
                steps++;
                if (m.getOrDefault("actor/approx_kl", 0.0) > targetKl) {
                    stop = true;
                    break;
                }
            }
            done++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : sums.entrySet()) out.put(e.getKey(), e.getValue() / steps);
        out.put("actor/epochs", (double) done);
        out.put("actor/grad_steps", (double) steps);
        return out;
    }

    /** Minibatch size: {@code rows / minibatches} when that is set, else {@code minibatchSize} (at most rows). */
    static int minibatchSize(PpoConfig p, int rows) {
        return p.minibatches() > 0 ? (rows + p.minibatches() - 1) / p.minibatches() : Math.min(p.minibatchSize(), rows);
    }

    /** The given rows of a [N] array. */
    static float[] rows(float[] from, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = from[rows[i]];
        return out;
    }
}
