package io.rldt.core.config;

import static io.rldt.core.config.RldtConfig.require;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every setting of a SAC run (baselines spec §1), immutable, with CleanRL's {@code sac_continuous_action.py}
 * defaults. TOML tables {@code [task]}, {@code [sac]}, {@code [loop]} and a top-level {@code seed}; the CLI's
 * {@code --set sac.qLr=3e-4} addresses the same names.
 *
 * @param task what the agent acts on
 * @param sac  the algorithm's hyper-parameters
 * @param loop budget, logging, evaluation and checkpoint cadence
 * @param seed the one seed every random stream of the run is split from
 */
public record SacConfig(Task task, Algo sac, Loop loop, long seed) {

    public SacConfig {
        require(task != null, "task", "null", "a [task] section");
        require(sac != null, "sac", "null", "a [sac] section");
        require(loop != null, "loop", "null", "a [loop] section");
        require(sac.batchSize() <= sac.bufferSize(), "sac.batchSize", sac.batchSize(),
                "at most sac.bufferSize (" + sac.bufferSize() + ")");
        // A lower bound (one-dimensional observations and actions): the replay buffer's five arrays, and the
        // actor, two critics and their targets with gradients and Adam moments; ReplayBuffer checks the real size.
        long h = sac.hidden();
        RldtConfig.requireMemory(new String[] {"replay buffer (sac.bufferSize)", "networks (sac.hidden)"},
                new long[] {20L * sac.bufferSize(), 4L * 16 * (h * h + 3 * h)});
    }

    /**
     * @param env             environment id in the registry, e.g. {@code "Hopper-v4"}; observations and actions raw
     *                        (no normalisation; CleanRL has none)
     * @param maxEpisodeSteps env steps before truncation; 0 = the registry's default (1000 for the MuJoCo tasks)
     */
    public record Task(String env, int maxEpisodeSteps) {
        public Task {
            require(env != null && TaskConfig.ENV_ID.matcher(env).matches(), "task.env", env,
                    "an environment id such as Hopper-v4 or gym:Hopper-v4 (letters, digits and _ . : / -)");
            require(maxEpisodeSteps >= 0 && maxEpisodeSteps <= TaskConfig.MAX_EPISODE_STEPS, "task.maxEpisodeSteps",
                    maxEpisodeSteps, "0 (registry default) or a step count up to " + TaskConfig.MAX_EPISODE_STEPS);
        }
    }

    /**
     * @param hidden                 width of the two hidden layers of actor and critics; default 256
     * @param gamma                  discount γ; default 0.99
     * @param tau                    Polyak rate τ of the target critics; default 0.005
     * @param batchSize              transitions per gradient step; default 256
     * @param bufferSize             replay capacity in transitions; default 1,000,000
     * @param learningStarts         env steps of uniform random actions before learning; default 5000
     * @param policyLr               actor learning rate (Adam); default 3e-4
     * @param qLr                    critic learning rate, also the temperature's; default 1e-3
     * @param policyFrequency        every n-th step: n actor (and α) steps (delayed, TD3-style); default 2
     * @param targetNetworkFrequency every n-th step: Polyak update of the targets; default 1
     * @param alpha                  initial entropy temperature α; default 1.0 (log α = 0)
     * @param autotune               learn α toward the target entropy; default true
     * @param targetEntropy          H̄; NaN = −|A| (CleanRL); default NaN
     */
    public record Algo(int hidden, double gamma, double tau, int batchSize, int bufferSize, int learningStarts,
                       double policyLr, double qLr, int policyFrequency, int targetNetworkFrequency, double alpha,
                       boolean autotune, double targetEntropy) {
        public Algo {
            require(hidden >= 1 && hidden <= PolicyConfig.MAX_WIDTH, "sac.hidden", hidden,
                    "an integer in 1.." + PolicyConfig.MAX_WIDTH);
            require(gamma >= 0 && gamma <= 1, "sac.gamma", gamma, "a number in [0, 1]");
            require(tau > 0 && tau <= 1, "sac.tau", tau, "a number in (0, 1]");
            require(batchSize >= 1 && batchSize <= 1_000_000, "sac.batchSize", batchSize, "an integer in 1..1000000");
            require(bufferSize >= 1 && bufferSize <= MAX_BUFFER, "sac.bufferSize", bufferSize, "an integer in 1.." + MAX_BUFFER);
            require(learningStarts >= 0, "sac.learningStarts", learningStarts, "an integer >= 0");
            require(policyLr > 0 && Double.isFinite(policyLr), "sac.policyLr", policyLr, "a finite number > 0");
            require(qLr > 0 && Double.isFinite(qLr), "sac.qLr", qLr, "a finite number > 0");
            require(policyFrequency >= 1, "sac.policyFrequency", policyFrequency, "an integer >= 1");
            require(targetNetworkFrequency >= 1, "sac.targetNetworkFrequency", targetNetworkFrequency, "an integer >= 1");
            require(alpha > 0 && Double.isFinite(alpha), "sac.alpha", alpha, "a finite number > 0");
            require(Double.isNaN(targetEntropy) || Double.isFinite(targetEntropy), "sac.targetEntropy", targetEntropy,
                    "nan (= −|A|) or a finite number");
        }

        /** 100M transitions: ~15 GB for Hopper, more than this machine class holds for anything larger. */
        public static final int MAX_BUFFER = 100_000_000;

        public static Algo cleanRl() {
            return new Algo(256, 0.99, 0.005, 256, 1_000_000, 5000, 3e-4, 1e-3, 2, 1, 1.0, true, Double.NaN);
        }
    }

    /**
     * @param totalSteps      env steps to train for; raising it on a finished run continues that run exactly
     * @param logEvery        one metrics row every n env steps (losses averaged over the window)
     * @param evalEvery       deterministic evaluation every n env steps (a multiple of logEvery); 0 = never
     * @param evalEpisodes    episodes per evaluation (fixed start states)
     * @param checkpointEvery write the resumable checkpoint at the first episode end after every n env steps
     * @param snapshotEvery   keep the actor's weights and evaluation every n env steps under {@code snapshots/}
     *                        (a multiple of evalEvery; the medium-policy search reads them); 0 = never
     */
    public record Loop(int totalSteps, int logEvery, int evalEvery, int evalEpisodes, int checkpointEvery,
                       int snapshotEvery) {
        public Loop {
            require(totalSteps >= 1, "loop.totalSteps", totalSteps, "an integer >= 1");
            require(logEvery >= 1, "loop.logEvery", logEvery, "an integer >= 1");
            require(evalEvery >= 0 && evalEvery % logEvery == 0, "loop.evalEvery", evalEvery,
                    "0 or a multiple of loop.logEvery (" + logEvery + ")");
            require(evalEpisodes >= 1 && evalEpisodes <= 100_000, "loop.evalEpisodes", evalEpisodes, "an integer in 1..100000");
            require(checkpointEvery >= 1, "loop.checkpointEvery", checkpointEvery, "an integer >= 1");
            require(snapshotEvery >= 0 && (snapshotEvery == 0 || (evalEvery > 0 && snapshotEvery % evalEvery == 0)),
                    "loop.snapshotEvery", snapshotEvery, "0 or a multiple of loop.evalEvery (" + evalEvery + ")");
        }
    }

    public SacConfig withSeed(long newSeed) {
        return new SacConfig(task, sac, loop, newSeed);
    }

    /** The same run with a different budget (the one change a resumed run accepts). */
    public SacConfig withTotalSteps(int steps) {
        return new SacConfig(task, sac, new Loop(steps, loop.logEvery(), loop.evalEvery(), loop.evalEpisodes(),
                loop.checkpointEvery(), loop.snapshotEvery()), seed);
    }

    // ------------------------------------------------------------------------------------------ presets

    private static final Map<String, Supplier<SacConfig>> PRESETS = Map.of(
            "sac-hopper", () -> mujoco("Hopper-v4"),
            "sac-walker2d", () -> mujoco("Walker2d-v4"),
            "sac-halfcheetah", () -> mujoco("HalfCheetah-v4"),
            "sac-pendulum", SacConfig::pendulum);

    public static List<String> presetNames() {
        return PRESETS.keySet().stream().sorted().toList();
    }

    public static SacConfig preset(String name) {
        Supplier<SacConfig> p = PRESETS.get(name);
        if (p == null) throw new ConfigException("preset", name, "one of " + presetNames());
        return p.get();
    }

    /**
     * CleanRL's defaults on a MuJoCo v4 task. 300k env steps (CleanRL trains 1M; raise {@code loop.totalSteps}
     * to continue a finished run). Evaluation (10 deterministic episodes) and an actor snapshot every 10k steps,
     * the spacing the medium-policy search of spec §1.6 uses.
     */
    static SacConfig mujoco(String env) {
        return new SacConfig(new Task(env, 0), Algo.cleanRl(), new Loop(300_000, 1000, 10_000, 10, 10_000, 10_000), 0L);
    }

    /** Pendulum-v1: a few minutes on 2 cores, for trying the command and for tests. */
    static SacConfig pendulum() {
        Algo a = Algo.cleanRl();
        a = new Algo(a.hidden(), a.gamma(), a.tau(), a.batchSize(), 100_000, 1000, a.policyLr(), a.qLr(),
                a.policyFrequency(), a.targetNetworkFrequency(), a.alpha(), a.autotune(), a.targetEntropy());
        return new SacConfig(new Task("Pendulum-v1", 0), a, new Loop(15_000, 1000, 5000, 10, 5000, 5000), 0L);
    }
}
