package io.rldt.core.config;

import java.util.Locale;

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
 * <h2>ReinFlow's chain</h2> K = 4 on every preset (§2.4 "K = 4, denoising and fine-tuned"): the flow is
 * continuous-time, so the checkpoint pretrained at K = 8 is re-discretised at 4 (§6.10), for the rollouts, the
 * likelihood and the evaluation alike. Flow-DPPO and FPO++ keep the checkpoint's K.
 *
 * <h2>Learning rates</h2> Both rates follow CosineAnnealingWarmupRestarts per training iteration (see
 * {@link PpoConfig}): linear from the min rate up to the peak over W iterations, then cosine back down over the
 * rest of a cycle, then a restart. The actor (flow and noise net) moves only after the critic-only warm-up
 * ({@code loop.criticWarmupIterations}); V(s) trains from the first iteration.
 * <pre>
 *   preset             method     actor lr → min        critic lr → min, wd         W    cycle               critic-only
 *   hopper-cpu,        ReinFlow   4.5e-5 → 2e-5         6.5e-4 → 3e-4, 1e-5        10   20, restarting      0
 *     gym-paper Hopper
 *   walker2d-cpu,      ReinFlow   4e-4 → 4e-4           4e-3 → 4e-3, 1e-5          10   20, restarting      5
 *     gym-paper Walker
 *   halfcheetah-cpu,   ReinFlow   3e-5 → 1.5e-5         3e-4 → 1.5e-4, 1e-4        10   20, restarting      10
 *     gym-paper Cheetah
 *   *-cpu, gym-paper   Flow-DPPO  1e-4 (constant)       1e-3 (constant), 0          10   1000                0
 *   *-cpu, gym-paper   FPO++      1e-5 (constant)       1e-3 (constant), 1e-4       0    1                   0
 *   short presets      ReinFlow   RLDT's → half         6.5e-4 → 3e-4, 1e-5        T/10 all training itrs   0
 *   short presets      Flow-DPPO  RLDT's                1e-3, 0                     T/10 all training itrs   0
 *   short presets      FPO++      RLDT's                1e-3, 1e-4                  0    1                   0
 * </pre>
 * ReinFlow's rows are the released per-task configs (§2.4) with RLDT's copy's cycle of 20 iterations, chosen by
 * the run's {@code task.env} (another env takes Hopper's row); {@link #get(String, String, String)} builds a preset
 * for another env, which is how {@code gym-paper} serves all three tasks. The short presets (every preset but
 * {@code gym-paper} and {@code *-cpu}: bandit, pendulum, mountaincar; RLDT's actor rate 1e-3 / 1e-4 / 1e-4) have
 * 12–20 training iterations, far too few for the locomotion rates to move anything, so every method's actor takes
 * RLDT's actor rate of that preset, with a warm-up of a tenth of the T training iterations, 1 to 10 (ReinFlow decays it to half by the cosine, in one cycle over all training
 * iterations); nothing is tuned per method.
 */
public final class OnPolicyPresets {
    private OnPolicyPresets() {}

    /** ReinFlow's K (§2.4). */
    public static final int REINFLOW_STEPS = 4;

    /** RLDT's copy of ReinFlow: warm-up 10 in a restarting cycle of 20 training iterations (§2.4). */
    static final int REINFLOW_WARMUP = 10, REINFLOW_CYCLE = 20;

    /** DPPO's actor schedule (§3.4): warm-up 10, cycle 1000, min = peak, i.e. a constant rate. */
    static final int DPPO_WARMUP = 10, DPPO_CYCLE = 1000;

    /**
     * One row of ReinFlow's per-task table (spec §2.4): actor and critic peak and min rates, the critic's weight
     * decay and the critic-only warm-up iterations.
     */
    public record ReinFlowRates(double actorLr, double actorMinLr, double criticLr, double criticMinLr,
                                double criticWeightDecay, int criticWarmupIterations) {}

    /** The row of §2.4 for {@code env}: Walker2d and HalfCheetah by name, every other env Hopper's. */
    public static ReinFlowRates reinflowRates(String env) {
        String e = env.toLowerCase(Locale.ROOT);
        if (e.contains("walker2d")) return new ReinFlowRates(4e-4, 4e-4, 4e-3, 4e-3, 1e-5, 5);
        if (e.contains("halfcheetah")) return new ReinFlowRates(3e-5, 1.5e-5, 3e-4, 1.5e-4, 1e-4, 10);
        return new ReinFlowRates(4.5e-5, 2e-5, 6.5e-4, 3e-4, 1e-5, 0);
    }

    /** {@code algo} on RLDT's preset {@code name}, for the preset's own task. */
    public static OnPolicyConfig get(String algo, String name) {
        return get(algo, name, Presets.get(name).task().env());
    }

    /**
     * {@code algo} on RLDT's preset {@code name} with {@code task.env} set to {@code env}, and ReinFlow's rates of
     * that task (e.g. {@code gym-paper} for Walker2d-v4).
     */
    public static OnPolicyConfig get(String algo, String name, String env) {
        RldtConfig base = Presets.get(name);
        if (!OnPolicyConfig.ALGOS.contains(algo)) throw new ConfigException("algo", algo, "one of " + OnPolicyConfig.ALGOS);
        TaskConfig t = base.task();
        TaskConfig task = new TaskConfig(env, t.horizon(), t.maxEpisodeSteps(), t.normalize(), t.demoEpisodes(), t.demoSource());
        LoopConfig l = base.loop();
        boolean paper = name.equals("gym-paper");
        // The short presets (bandit, pendulum, mountaincar): every one that is not a locomotion budget.
        boolean small = !paper && !name.endsWith("-cpu");
        int states = l.envs() * l.chunkSteps();
        int k = base.policy().denoisingSteps();
        int trainIters = Math.max(1, new OnPolicyLoopConfig(l.iterations(), l.evalEvery(), l.evalEpisodes(), l.envs(),
                l.chunkSteps(), 0, l.threads(), l.checkpointEvery()).trainingIterations());
        // Short presets: one cycle over all training iterations with a short warm-up (bandit 2 of 20, Pendulum 1 of 12).
        int smallWarmup = Math.min(10, Math.max(1, trainIters / 10)), smallCycle = Math.max(smallWarmup + 1, trainIters);
        double smallLr = base.actor().lr(); // RLDT's actor rate on the small tasks
        int criticWarmup = 0;
        ChainConfig chain = new ChainConfig(0, 0.10, 0.24, "learn_decay", 0.35, 0.1, 3.0, -1.0, 1.0, 64, 0, 0.99);
        FpoConfig fpo = new FpoConfig(16, 1.0, 0.005, 0.995, 20.0, 20.0, 10.0, 0.02, "aspo", 100.0);
        PpoConfig ppo;
        switch (algo) {
            case "reinflow" -> {
                chain = new ChainConfig(REINFLOW_STEPS, 0.10, 0.24, "learn_decay", 0.35, 0.1, 3.0, -1.0, 1.0, 64, 0, 0.99);
                int mb = paper ? 50_000 : Math.max(1, states * 10 / 4);
                ReinFlowRates r = small ? new ReinFlowRates(smallLr, smallLr / 2, 6.5e-4, 3e-4, 1e-5, 0) : reinflowRates(env);
                criticWarmup = r.criticWarmupIterations();
                ppo = new PpoConfig(5, mb, 0, 10, 0.01, 1.0, 0.99, 0.95, 0.5, 0.03,
                        r.actorLr(), r.actorMinLr(), 0.0, r.criticLr(), r.criticMinLr(), r.criticWeightDecay(),
                        small ? smallWarmup : REINFLOW_WARMUP, small ? smallCycle : REINFLOW_CYCLE, 0.0, true, false, 256);
            }
            case "dppo" -> {
                int kPrime = (k + 1) / 2; // chain.fineTunedSteps = 0: half of the checkpoint's K, as DPPO's 10 of 20
                chain = new ChainConfig(0, 0.10, 0.10, "const", 0.35, 0.1, 3.0, -5.0, 2.0, 64, 0, 0.99);
                int mb = paper ? 50_000 : Math.max(1, states * kPrime / 4);
                ppo = new PpoConfig(5, mb, 0, 1, 0.01, 1.0, 0.99, 0.95, 0.5, 0.0,
                        small ? smallLr : 1e-4, small ? smallLr : 1e-4, 0.0, 1e-3, 1e-3, 0.0,
                        small ? smallWarmup : DPPO_WARMUP, small ? smallCycle : DPPO_CYCLE, 0.0, true, false, 256);
            }
            default -> { // fpo
                ppo = new PpoConfig(5, 1, 10, 1, 0.01, Double.POSITIVE_INFINITY, 0.99, 0.95, 1.0, 0.0,
                        small ? smallLr : 1e-5, small ? smallLr : 1e-5, 1e-4, 1e-3, 1e-3, 1e-4, 0, 1, 1.0, false, false, 256);
            }
        }
        if (name.equals("bandit")) ppo = withGamma(ppo, 0.0);
        OnPolicyLoopConfig loop = new OnPolicyLoopConfig(l.iterations(), l.evalEvery(), l.evalEpisodes(), l.envs(),
                l.chunkSteps(), criticWarmup, l.threads(), l.checkpointEvery());
        return new OnPolicyConfig(algo, task, base.policy(), base.pretrain(), loop, ppo, chain, fpo, base.seed());
    }

    /** One-step bandit episodes: γ is irrelevant, 0 keeps V(s') out of the targets. */
    private static PpoConfig withGamma(PpoConfig p, double gamma) {
        return new PpoConfig(p.epochs(), p.minibatchSize(), p.minibatches(), p.repeatSamples(), p.clipRatio(), p.targetKl(),
                gamma, p.lambda(), p.valueCoef(), p.entropyCoef(), p.actorLr(), p.actorMinLr(), p.actorWeightDecay(),
                p.criticLr(), p.criticMinLr(), p.criticWeightDecay(), p.lrWarmupIterations(), p.lrCycleIterations(),
                p.maxGradNorm(), p.rewardScaling(), p.truncationAsTerminal(), p.valueHidden());
    }
}
