package io.rldt.core.config;

/**
 * Presets of the on-policy baselines, built on RLDT's preset of the same name so that task, pretrained policy,
 * E, T, iterations and evaluation are RLDT's: the same env-step budget (baselines spec §7). Each algorithm keeps
 * its published hyperparameters (§2.4, §3.4, §4.4) except where a preset's scale forces a change, noted below.
 *
 * <h2>Minibatch arithmetic</h2> The paper configs take 4 minibatches per epoch × 5 epochs = 20 gradient steps per
 * iteration (ReinFlow: E·T = 20,000 states × 10 repeats / 50,000; DPPO: E·T·K' = 200,000 pairs / 50,000). The
 * presets keep 4 minibatches per epoch at their own E·T:
 * <pre>
 *   preset        E × T       states/itr   ReinFlow mb (×10)   Flow-DPPO mb (K' = K/2)   FPO++ mb (10 per epoch)
 *   bandit        256 × 4     1,024        2,560               2,048 (K=8 → K'=4)        ~102
 *   pendulum      8 × 50      400          1,000               800                       40
 *   *-cpu         10 × 250    2,500        6,250               5,000                     250
 *   gym-paper     100 × 500   50,000       50,000 (125k/2.5)   50,000                    5,000
 * </pre>
 * At gym-paper scale the paper's 50,000 minibatch is kept (10 per epoch instead of 4, as the RLDT copy with
 * E = 100 does). Env steps per training iteration are E·T·H (minus steps cut by episode ends), as RLDT's.
 *
 * <p>Learning rates: the Gym presets use the paper's (ReinFlow: Hopper's row of §2.4; DPPO: §3.4; FPO++:
 * §4.4). The bandit and Pendulum presets have 20 and 12 training iterations, far too few for the locomotion
 * rates to move anything, so every method's actor takes RLDT's actor rate of that preset (bandit 1e-3,
 * Pendulum 1e-4; ReinFlow decays it to half by the cosine); nothing is tuned per method.
 */
public final class OnPolicyPresets {
    private OnPolicyPresets() {}

    /** {@code algo} on RLDT's preset {@code name}. */
    public static OnPolicyConfig get(String algo, String name) {
        RldtConfig base = Presets.get(name);
        if (!OnPolicyConfig.ALGOS.contains(algo)) throw new ConfigException("algo", algo, "one of " + OnPolicyConfig.ALGOS);
        LoopConfig l = base.loop();
        boolean small = name.equals("bandit") || name.equals("pendulum");
        boolean paper = name.equals("gym-paper");
        int states = l.envs() * l.chunkSteps();
        int k = base.policy().denoisingSteps();
        OnPolicyLoopConfig loop = new OnPolicyLoopConfig(l.iterations(), l.evalEvery(), l.evalEpisodes(), l.envs(),
                l.chunkSteps(), 0, l.threads(), l.checkpointEvery());
        int trainIters = Math.max(1, loop.trainingIterations());
        int warmup = paper ? 10 : Math.min(10, Math.max(1, trainIters / 10));
        double smallLr = base.actor().lr(); // RLDT's actor rate on the small tasks
        int cycle = Math.max(1, trainIters - warmup);
        ChainConfig chain = new ChainConfig(0, 0.10, 0.24, "learn_decay", 0.35, 0.1, 3.0, -1.0, 1.0, 64, 0, 0.99);
        FpoConfig fpo = new FpoConfig(16, 1.0, 0.005, 0.995, 20.0, 20.0, 10.0, 0.02, "aspo", 100.0);
        PpoConfig ppo;
        switch (algo) {
            case "reinflow" -> {
                int mb = paper ? 50_000 : Math.max(1, states * 10 / 4);
                ppo = new PpoConfig(5, mb, 0, 10, 0.01, 1.0, 0.99, 0.95, 0.5, 0.03,
                        small ? smallLr : 4.5e-5, small ? smallLr / 2 : 2e-5, 0.0, 6.5e-4, 3e-4, 1e-5, warmup, cycle, 0.0, true, false, 256);
                if (name.equals("bandit")) ppo = withGamma(ppo, 0.0);
            }
            case "dppo" -> {
                int kPrime = (k + 1) / 2; // chain.fineTunedSteps = 0: half of the checkpoint's K, as DPPO's 10 of 20
                chain = new ChainConfig(0, 0.10, 0.10, "const", 0.35, 0.1, 3.0, -5.0, 2.0, 64, 0, 0.99);
                int mb = paper ? 50_000 : Math.max(1, states * kPrime / 4);
                ppo = new PpoConfig(5, mb, 0, 1, 0.01, 1.0, 0.99, 0.95, 0.5, 0.0,
                        small ? smallLr : 1e-4, small ? smallLr : 1e-4, 0.0, 1e-3, 1e-3, 0.0, warmup, cycle, 0.0, true, false, 256);
                if (name.equals("bandit")) ppo = withGamma(ppo, 0.0);
            }
            default -> { // fpo
                ppo = new PpoConfig(5, 1, 10, 1, 0.01, Double.POSITIVE_INFINITY, 0.99, 0.95, 1.0, 0.0,
                        small ? smallLr : 1e-5, small ? smallLr : 1e-5, 1e-4, 1e-3, 1e-3, 1e-4, 0, 1, 1.0, false, false, 256);
                if (name.equals("bandit")) ppo = withGamma(ppo, 0.0);
            }
        }
        return new OnPolicyConfig(algo, base.task(), base.policy(), base.pretrain(), loop, ppo, chain, fpo, base.seed());
    }

    /** One-step bandit episodes: γ is irrelevant, 0 keeps V(s') out of the targets. */
    private static PpoConfig withGamma(PpoConfig p, double gamma) {
        return new PpoConfig(p.epochs(), p.minibatchSize(), p.minibatches(), p.repeatSamples(), p.clipRatio(), p.targetKl(),
                gamma, p.lambda(), p.valueCoef(), p.entropyCoef(), p.actorLr(), p.actorMinLr(), p.actorWeightDecay(),
                p.criticLr(), p.criticMinLr(), p.criticWeightDecay(), p.lrWarmupIterations(), p.lrCycleIterations(),
                p.maxGradNorm(), p.rewardScaling(), p.truncationAsTerminal(), p.valueHidden());
    }
}
