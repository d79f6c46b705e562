package io.rldt.core.agent;

import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.engine.Rng;

/** The on-policy agent {@code cfg.algo()} names, on the run's pretrained policy. */
public final class OnPolicyAgents {
    private OnPolicyAgents() {}

    /**
     * @param low  lower end of the action box (intermediate means and actions are clipped to [low, high])
     * @param high upper end of the action box
     */
    public static OnPolicyAgent create(OnPolicyConfig cfg, FlowPolicy policy, float low, float high, Rng initRng) {
        return switch (cfg.algo()) {
            case "reinflow" -> new ReinFlowAgent(cfg, policy, low, high, initRng);
            case "dppo" -> new FlowDppoAgent(cfg, policy, low, high, initRng);
            case "fpo" -> new FpoAgent(cfg, policy, low, high, initRng);
            default -> throw new io.rldt.core.config.ConfigException("algo", cfg.algo(), "one of " + OnPolicyConfig.ALGOS);
        };
    }
}
