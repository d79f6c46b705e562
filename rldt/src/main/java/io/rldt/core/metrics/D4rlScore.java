package io.rldt.core.metrics;

/**
 * D4RL's normalised score for the Gym locomotion tasks, {@code 100·(R − R_random)/(R_expert − R_random)}, with the
 * reference returns of D4RL's {@code infos.py} (baselines spec §1.6): an env id starting with Hopper,
 * HalfCheetah or Walker2d has one; other tasks have none.
 */
public final class D4rlScore {
    private D4rlScore() {}

    /** {@code [random, expert]} returns for {@code env}, or null. */
    public static double[] reference(String env) {
        if (env.startsWith("Hopper")) return new double[] {-20.272305, 3234.3};
        if (env.startsWith("HalfCheetah")) return new double[] {-280.178953, 12135.0};
        if (env.startsWith("Walker2d")) return new double[] {1.629008, 4592.3};
        return null;
    }

    /** The normalised score of return {@code r}, or NaN for a task without references. */
    public static double normalized(String env, double r) {
        double[] ref = reference(env);
        return ref == null ? Double.NaN : 100 * (r - ref[0]) / (ref[1] - ref[0]);
    }

    /** D4RL's "medium" level: a third of the expert return (NaN without references). */
    public static double mediumTarget(String env) {
        double[] ref = reference(env);
        return ref == null ? Double.NaN : ref[1] / 3;
    }
}
