package io.rldt.core.agent;

import io.rldt.autodiff.optim.Adam;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.core.data.RewardScaler;
import io.rldt.core.data.Trajectory;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A flow-policy agent trained by the trajectory-buffer loop of spec §6 ({@link io.rldt.core.train.Trainer}):
 * RLDT ({@link RldtAgent}) and the QAM port ({@link QamAgent}). The loop rolls the agent out, keeps whole
 * trajectories in a FIFO buffer and calls {@link #updateRound} on each round's batch; checkpoints hold the
 * policy, the reference, the critic, the actor's optimiser and the reward scale.
 */
public interface TrajectoryAgent {
    /**
     * Action chunks for observations [N, O] → [N, D].
     *
     * @param explore       add the exploration noise of training rollouts (ignored when deterministic)
     * @param deterministic start the chain from {@code x_0 = 0} (evaluation)
     */
    Tensor act(Tensor obs, Rng rng, boolean explore, boolean deterministic);

    /**
     * One update round on the round's groups (each one env's rollout, cut at episode ends), in the round's order.
     *
     * @param actorActive whether the actor trains in this iteration (after the critic's warm-up)
     * @return namespaced metrics ({@code critic/*}, {@code actor/*}, {@code time/*})
     */
    Map<String, Double> updateRound(List<List<Trajectory>> batch, Rng rng, boolean actorActive);

    /** Folds the iteration's fresh rewards into the reward scale (once per iteration). */
    void observeRewards(List<Trajectory> fresh);

    /** End of a training iteration (reference refresh or EMA). */
    void endIteration();

    FlowPolicy policy();

    /** The frozen or slowly moving reference velocity. */
    FlowPolicy reference();

    CriticEnsemble critic();

    Adam actorOptimizer();

    RewardScaler rewardScaler();
}
