package io.rldt.core.demo;

import io.rldt.engine.Rng;
import io.rldt.envs.Box;

/**
 * A hand-written policy that produces demonstrations for behaviour-cloning pretraining
 * ({@link ScriptedDemonstrations}): one env action per observation, like a Gymnasium policy.
 */
public interface ScriptedController {

    /**
     * The action for {@code observation} (length {@code actionSpace().dim()}, in the env's raw units).
     *
     * @param rng the controller's own generator, for stochastic controllers (never shared with the env)
     */
    double[] act(double[] observation, Rng rng);

    /** A one-line description (name and parameters) for logs and reports. */
    String describe();

    /** The uniformly random policy over {@code space} (a baseline: Pendulum-v1 scores about −1200 with it). */
    static ScriptedController uniform(Box space) {
        double[] low = space.low();
        double[] high = space.high();
        return new ScriptedController() {
            @Override
            public double[] act(double[] observation, Rng rng) {
                double[] a = new double[low.length];
                for (int i = 0; i < a.length; i++) a[i] = low[i] + (high[i] - low[i]) * rng.nextDouble();
                return a;
            }

            @Override
            public String describe() { return "uniform random over " + space; }
        };
    }
}
