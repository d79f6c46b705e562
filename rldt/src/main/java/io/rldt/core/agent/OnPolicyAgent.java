package io.rldt.core.agent;

import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.optim.Adam;
import io.rldt.core.critic.ValueNet;
import io.rldt.core.data.OnPolicyBatch;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Map;

/**
 * What {@link io.rldt.core.train.OnPolicyTrainer} needs from a PPO-family agent (ReinFlow, Flow-DPPO, FPO++):
 * acting with a per-step record, deterministic evaluation, V(s), the update, and its state for checkpoints.
 */
public interface OnPolicyAgent {
    /** Executed chunks [E, D] of a rollout step and the method's record per row [E, X]. */
    record Acting(Tensor actions, Tensor records) {}

    /** X, the width of one step's record. */
    int recordWidth();

    /** Sets the iteration's schedules (learning rates, noise bounds) before its rollout; {@code trainIteration} from 0. */
    void beginIteration(int trainIteration);

    /** Training rollout: stochastic actions and their records for obs [E, O]. */
    Acting act(Tensor obs, Rng rng);

    /** Evaluation: deterministic actions for obs [N, O] (x_0 = 0, no injected noise). */
    Tensor actDeterministic(Tensor obs);

    ValueNet value();

    /** One iteration's update on its batch; returns namespaced metrics ({@code actor/...}, {@code critic/...}). */
    Map<String, Double> update(OnPolicyBatch batch, int trainIteration, Rng rng);

    /** Every trained or frozen network by checkpoint prefix ({@code policy.}, {@code value.}, ...). */
    Map<String, Module> modules();

    /** Every optimiser by checkpoint prefix. */
    Map<String, Adam> optimizers();
}
