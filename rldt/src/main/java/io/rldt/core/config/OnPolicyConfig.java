package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

/**
 * Every setting of an on-policy baseline run (ReinFlow, Flow-DPPO, FPO++; baselines spec §2–§4), immutable.
 * A separate record from {@link RldtConfig}, so RLDT's {@code config.toml} is untouched by the baselines; the
 * task, policy and pretraining sections are the same records as RLDT's (the same pretrained checkpoint serves
 * every method). Sections map one to one onto TOML tables; unused sections of an algorithm are inert.
 *
 * @param algo     {@code reinflow}, {@code dppo} (Flow-DPPO, spec §3.2 option 1) or {@code fpo} (FPO++)
 * @param task     the environment and data (as RLDT's)
 * @param policy   the pretrained flow policy's shape (as RLDT's; {@code denoisingSteps} is the checkpoint's K)
 * @param pretrain flow-matching pretraining when the run has no pretrained policy (as RLDT's)
 * @param loop     iterations, envs, chunk steps, evaluation and checkpoints
 * @param ppo      the PPO machinery shared by all three (returns, minibatches, optimisers)
 * @param chain    the noisy Euler chain of ReinFlow and Flow-DPPO
 * @param fpo      FPO++'s CFM-difference ratio
 * @param seed     the one seed every random stream of the run is derived from
 */
public record OnPolicyConfig(String algo, TaskConfig task, PolicyConfig policy, PretrainConfig pretrain,
                             OnPolicyLoopConfig loop, PpoConfig ppo, ChainConfig chain, FpoConfig fpo, long seed) {
    /** The algorithms this record configures. */
    public static final java.util.List<String> ALGOS = java.util.List.of("reinflow", "dppo", "fpo");

    public OnPolicyConfig {
        require(algo != null && ALGOS.contains(algo), "algo", algo, "one of " + ALGOS);
        require(task != null, "task", "null", "a [task] section");
        require(policy != null, "policy", "null", "a [policy] section");
        require(pretrain != null, "pretrain", "null", "a [pretrain] section");
        require(loop != null, "loop", "null", "a [loop] section");
        require(ppo != null, "ppo", "null", "a [ppo] section");
        require(chain != null, "chain", "null", "a [chain] section");
        require(fpo != null, "fpo", "null", "an [fpo] section");
        int k = chain.denoisingSteps() > 0 ? chain.denoisingSteps() : policy.denoisingSteps();
        require(chain.fineTunedSteps() <= k, "chain.fineTunedSteps", chain.fineTunedSteps(),
                "0 (half of K) or at most the chain's K (" + k + ")");
    }

    /** K of the sampler: {@code chain.denoisingSteps}, or the checkpoint's K when that is 0. */
    public int denoisingSteps() {
        return chain.denoisingSteps() > 0 ? chain.denoisingSteps() : policy.denoisingSteps();
    }

    public OnPolicyConfig withSeed(long newSeed) {
        return new OnPolicyConfig(algo, task, policy, pretrain, loop, ppo, chain, fpo, newSeed);
    }

    public OnPolicyConfig withShapes(TaskConfig t, PolicyConfig p) {
        return new OnPolicyConfig(algo, t, p, pretrain, loop, ppo, chain, fpo, seed);
    }

    /**
     * The RLDT config that pretrains (or loads) the same flow policy: task, policy, pretraining and seed are
     * this run's, so RLDT and the baselines start from one checkpoint.
     */
    public RldtConfig pretrainView() {
        return new RldtConfig(task, policy, TransportConfig.defaults(), ActorConfig.defaults(), CriticConfig.defaults(),
                new LoopConfig(1, 0, 1, 1, 1, 1, 0, 1.0, false, false, 0, 0, loop.threads(), 0), pretrain, seed);
    }
}
