package io.rldt.core.critic;

import io.rldt.engine.Tensor;

/**
 * What the transport field needs from a critic: ∇ₐQ(s, a). The learned {@link CriticEnsemble} implements it;
 * so does {@link KnownRewardCritic}, which stands in with an exact Q in tests and the bandit demo's ablations.
 */
public interface Critic {

    /**
     * @param obs [N, O]
     * @param act [N, D]
     * @return [N, D] the gradient of Q with respect to the action chunk, row by row
     */
    Tensor actionGradient(Tensor obs, Tensor act);
}
