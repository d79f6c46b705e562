package io.rldt.engine;

import java.util.SplittableRandom;

/**
 * The project's one source of randomness: a seeded {@link SplittableRandom} that is split, never shared,
 * between consumers (env, exploration, particles, minibatches, initialisation).
 *
 * <p>Determinism rule: derive every generator from one seed by {@link #split()} in a fixed program order,
 * and give each thread its own split. Then the same seed gives the same numbers regardless of scheduling.
 * Not thread-safe by design.
 */
public final class Rng {
    private final SplittableRandom random;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /** A new independent generator; this generator's state advances by one step. */
    public Rng split() {
        return new Rng(random.split());
    }

    /** A new independent generator derived from this one's stream and a consumer name (stable across runs). */
    public Rng split(String consumer) {
        return new Rng(new SplittableRandom(random.nextLong() ^ (long) consumer.hashCode() * 0x9E3779B97F4A7C15L));
    }

    public long nextLong() { return random.nextLong(); }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) { return random.nextInt(bound); }

    /** Uniform in [0, 1). */
    public double nextDouble() { return random.nextDouble(); }

    /** Uniform in [0, 1) as float. */
    public float nextFloat() { return random.nextFloat(); }

    /** Standard normal sample. */
    public double nextGaussian() { return random.nextGaussian(); }

    /** The underlying generator, for APIs that take a {@link SplittableRandom} (e.g. envs). Do not share it. */
    public SplittableRandom asSplittableRandom() { return random; }
}
