package io.rldt.core.train;

import io.rldt.engine.Rng;

/**
 * Per-iteration random streams derived from the run's one seed: {@code Seeds.rng(seed, "rollout", itr)}.
 * Deriving (instead of carrying generator state forward) makes every iteration a pure function of the
 * checkpointed state at its start, so a resumed run is bit-identical to an uninterrupted one.
 */
public final class Seeds {
    private Seeds() {}

    /** A 64-bit seed mixed from the run seed, a consumer name and an index (SplitMix64 finaliser). */
    public static long derive(long seed, String consumer, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + consumer.hashCode();
        h = mix(h) + index * 0xBF58476D1CE4E5B9L;
        return mix(h);
    }

    public static Rng rng(long seed, String consumer, long index) {
        return new Rng(derive(seed, consumer, index));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
