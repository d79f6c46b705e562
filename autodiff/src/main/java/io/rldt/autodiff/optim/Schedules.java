package io.rldt.autodiff.optim;

/** Learning-rate schedules as functions of the 0-based step about to be taken. */
public final class Schedules {
    private Schedules() {}

    /** A learning rate for step {@code step} (0-based: the first update is step 0). */
    public interface Schedule {
        double lr(long step);
    }

    public static Schedule constant(double lr) {
        return step -> lr;
    }

    /**
     * Linear warm-up from {@code base/warmup} to {@code base} over the first {@code warmup} steps, then
     * constant (the actor's schedule in the spec: 32 steps). Step k uses {@code base·min(1, (k+1)/warmup)}.
     */
    public static Schedule linearWarmup(double base, long warmup) {
        if (warmup <= 0) return constant(base);
        return step -> base * Math.min(1.0, (step + 1) / (double) warmup);
    }

    /**
     * Cosine decay from {@code base} to {@code min} over {@code total} steps, then {@code min}:
     * {@code min + ½(base − min)(1 + cos(π·k/total))}.
     */
    public static Schedule cosine(double base, double min, long total) {
        return step -> step >= total ? min : min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * step / total));
    }

    /** Linear warm-up over {@code warmup} steps, then cosine decay to {@code min} over the remaining steps. */
    public static Schedule warmupCosine(double base, double min, long warmup, long total) {
        Schedule cos = cosine(base, min, Math.max(1, total - warmup));
        Schedule warm = linearWarmup(base, warmup);
        return step -> step < warmup ? warm.lr(step) : cos.lr(step - warmup);
    }

    /**
     * Cosine annealing with warm-up and restarts, as DPPO's and ReinFlow's {@code CosineAnnealingWarmupRestarts}
     * with {@code cycle_mult = 1} and {@code gamma = 1} (baselines spec §2.3, §3.4). Every cycle of {@code cycle}
     * steps (the warm-up included) is the same: with {@code c = step mod cycle} and {@code W = warmup},
     * <pre>
     *   c &lt; W:   lr = min + (max − min)·c/W                                   (linear, from min up)
     *   c ≥ W:   lr = min + ½(max − min)·(1 + cos(π·(c − W)/(cycle − W)))     (cosine, from max down)
     * </pre>
     * so step 0 is {@code min} (when W &gt; 0), step W is {@code max}, step {@code cycle − 1} is just above
     * {@code min}, and step {@code cycle} restarts. {@code min = max} is a constant rate. Unlike
     * {@link #warmupCosine}, the warm-up starts at {@code min}, not at {@code max/W}. (With W = 0 the reference
     * implementation's very first step is {@code min}, an artefact of its constructor; here it is {@code max},
     * like every later cycle start.)
     *
     * @param max    the rate at the end of the warm-up
     * @param min    the rate at the start of the warm-up and the cosine's floor; at most {@code max}
     * @param warmup W, warm-up steps of every cycle; {@code 0 <= warmup < cycle}
     * @param cycle  steps per cycle, warm-up included ({@code first_cycle_steps})
     */
    public static Schedule warmupCosineRestarts(double max, double min, long warmup, long cycle) {
        if (cycle < 1 || warmup < 0 || warmup >= cycle) {
            throw new IllegalArgumentException("warmupCosineRestarts: warm-up " + warmup + " and cycle " + cycle
                    + " need 0 <= warm-up < cycle");
        }
        return step -> {
            long c = Math.floorMod(step, cycle);
            if (c < warmup) return min + (max - min) * c / warmup;
            return min + 0.5 * (max - min) * (1 + Math.cos(Math.PI * (c - warmup) / (cycle - warmup)));
        };
    }
}
