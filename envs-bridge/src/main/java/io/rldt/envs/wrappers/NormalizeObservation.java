package io.rldt.envs.wrappers;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

/**
 * Min-max normalises observations to {@code [-1, 1]} from fixed statistics (usually a dataset's
 * {@code obs_min}/{@code obs_max}), with the formula of {@link MinMaxNormalizer}.
 *
 * <p>Observations outside the statistics map outside {@code [-1, 1]}; they are not clipped, so the
 * observation space is the inner space mapped through the same formula (infinite bounds stay infinite).
 */
public final class NormalizeObservation extends EnvWrapper {
    private final MinMaxNormalizer normalizer;
    private final Box observationSpace;

    /**
     * @param env the env whose observations to normalise
     * @param min per-dimension minimum, {@code [obsDim]} (copied)
     * @param max per-dimension maximum, {@code [obsDim]} (copied)
     */
    public NormalizeObservation(Env env, double[] min, double[] max) {
        this(env, new MinMaxNormalizer(min, max));
    }

    /** @param normalizer statistics with {@code dim() == env.observationSpace().dim()} */
    public NormalizeObservation(Env env, MinMaxNormalizer normalizer) {
        super(env);
        Box inner = env.observationSpace();
        if (normalizer.dim() != inner.dim()) {
            throw new IllegalArgumentException("NormalizeObservation: statistics have dim " + normalizer.dim()
                    + ", expected observationSpace().dim() = " + inner.dim());
        }
        this.normalizer = normalizer;
        this.observationSpace = new Box(normalizer.normalize(inner.low(), new double[inner.dim()]),
                normalizer.normalize(inner.high(), new double[inner.dim()]));
    }

    /** The statistics in use. */
    public MinMaxNormalizer normalizer() { return normalizer; }

    @Override public Box observationSpace() { return observationSpace; }

    @Override
    public ResetResult reset(long seed) { return map(env.reset(seed)); }

    @Override
    public ResetResult reset() { return map(env.reset()); }

    @Override
    public StepResult step(double[] action) {
        StepResult r = env.step(action);
        return new StepResult(normalized(r.observation()), r.reward(), r.terminated(), r.truncated(), r.info());
    }

    private ResetResult map(ResetResult r) { return new ResetResult(normalized(r.observation()), r.info()); }

    private double[] normalized(double[] obs) { return normalizer.normalize(obs, new double[obs.length]); }
}
