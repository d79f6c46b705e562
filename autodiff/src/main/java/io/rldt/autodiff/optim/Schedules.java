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
}
