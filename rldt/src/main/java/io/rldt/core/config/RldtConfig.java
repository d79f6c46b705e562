package io.rldt.core.config;

/**
 * Every setting of an RLDT run, immutable, with the defaults of {@code rldt-spec.md} (the authors' Gym
 * configs). Sections map one to one onto TOML tables ({@code [policy]}, {@code [transport]}, ...); the CLI's
 * {@code --set section.field=value} addresses the same names. Each field is documented once, where it is
 * declared, with its unit and default.
 *
 * @param task      the environment and data the run uses
 * @param policy    the flow policy's shape and sampler
 * @param transport the SVGD transport field (spec §2)
 * @param actor     the actor losses and optimiser (spec §3)
 * @param critic    the critic ensemble (spec §4)
 * @param loop      the training loop (spec §6)
 * @param pretrain  flow-matching behaviour cloning (spec §1)
 * @param seed      the one seed every random stream of the run is split from
 * @param algorithm "rldt" (default) or "qam" (the QAM port of baselines spec §5, same loop and critic)
 * @param qam       the QAM actor's settings (read only when {@code algorithm = "qam"})
 */
public record RldtConfig(TaskConfig task, PolicyConfig policy, TransportConfig transport, ActorConfig actor,
                         CriticConfig critic, LoopConfig loop, PretrainConfig pretrain, long seed, String algorithm,
                         QamConfig qam) {

    /** An RLDT config (algorithm "rldt", QAM settings at their defaults). */
    public RldtConfig(TaskConfig task, PolicyConfig policy, TransportConfig transport, ActorConfig actor,
                      CriticConfig critic, LoopConfig loop, PretrainConfig pretrain, long seed) {
        this(task, policy, transport, actor, critic, loop, pretrain, seed, "rldt", QamConfig.defaults());
    }

    public RldtConfig {
        require("rldt".equals(algorithm) || "qam".equals(algorithm), "algorithm", algorithm, "\"rldt\" or \"qam\"");
        require(qam != null, "qam", "null", "a [qam] section");
        require(task != null, "task", "null", "a [task] section");
        require(policy != null, "policy", "null", "a [policy] section");
        require(transport != null, "transport", "null", "a [transport] section");
        require(actor != null, "actor", "null", "an [actor] section");
        require(critic != null, "critic", "null", "a [critic] section");
        require(loop != null, "loop", "null", "a [loop] section");
        require(pretrain != null, "pretrain", "null", "a [pretrain] section");
        requireMemory(new String[] {"policy (policy.hidden, policy.residualBlocks)",
                        "critics (critic.ensemble, critic.hidden, critic.layers)",
                        "trajectory buffer (loop.envs, loop.chunkSteps, loop.bufferIterations, task.horizon)",
                        "particles (loop.envs, transport.particles, task.horizon)"},
                memoryEstimate(task, policy, transport, critic, loop));
    }

    /**
     * A lower bound of the heap a run needs, in bytes, by part, with one-dimensional observations and actions
     * (the env's sizes are not known here): the policy body with gradients, Adam moments, the reference and EMA
     * copies (6 float copies); the critic bodies with gradients, moments and targets (5); the FIFO of
     * {@code envs × chunkSteps × bufferIterations} chunk steps (observation, chunk, reward, flags: ≥ H + 4
     * floats each); the particles {@code envs × P × H} with their velocities and kernel workspace (≥ 4 copies).
     */
    static long[] memoryEstimate(TaskConfig task, PolicyConfig policy, TransportConfig transport, CriticConfig critic,
                                 LoopConfig loop) {
        long steps = (long) loop.envs() * loop.chunkSteps() * loop.bufferIterations();
        return new long[] {4L * 6 * policy.bodyParameters(), 4L * 5 * critic.bodyParameters(),
                4L * steps * (task.horizon() + 4), 4L * 4 * loop.envs() * transport.particles() * task.horizon()};
    }

    /**
     * Refuses a configuration whose lower-bound estimate does not fit in the JVM's heap, naming the parts and
     * their sizes: without it {@code loop.envs=2000000000} or {@code critic.ensemble=1000000} passes validation
     * and dies minutes later of OutOfMemoryError.
     */
    static void requireMemory(String[] parts, long[] bytes) {
        long total = 0;
        for (long b : bytes) total = total + b < 0 ? Long.MAX_VALUE : total + b;
        long heap = Runtime.getRuntime().maxMemory();
        if (total <= heap) return;
        StringBuilder m = new StringBuilder(String.format(java.util.Locale.ROOT,
                "config needs at least %s of memory but the JVM's heap limit is %s (-Xmx, set through RLDT_JAVA_OPTS):",
                gb(total), gb(heap)));
        for (int i = 0; i < parts.length; i++) m.append(i == 0 ? " " : ", ").append(parts[i]).append(' ').append(gb(bytes[i]));
        throw new ConfigException(m.toString());
    }

    private static String gb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** Throws {@link ConfigException} naming the field, the value and what was expected unless {@code ok}. */
    static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) throw new ConfigException(field, String.valueOf(value), expected);
    }

    public RldtConfig withSeed(long newSeed) {
        return new RldtConfig(task, policy, transport, actor, critic, loop, pretrain, newSeed, algorithm, qam);
    }

    /**
     * This config (a preset's task, policy, loop and budget) run by the QAM port of baselines spec §5.3 instead:
     * {@code algorithm = "qam"}; critic with ReLU and targets {@code mean − 0.5·std} of the target nets; where the
     * preset keeps RLDT's default critic learning rate (1e-3) or target momentum (0.995), the port's 5e-4 and
     * 0.998 replace them (a preset's own tuning, e.g. the bandit's, applies to both methods alike); the actor
     * starts after at most one critic-only iteration; the critic takes twice RLDT's steps per round (the port's
     * 1,024 per iteration in 16 sub-rounds of 64 against RLDT's 16 × 32), and the run's first round a whole
     * iteration's worth ({@code qam.criticWarmupSteps}). The actor's learning rate, warm-up (2e-5, 32 steps in
     * both repositories) and step counts, the loop sizes and the buffer stay the preset's: equal env-step budgets.
     */
    public RldtConfig asQam() {
        CriticConfig c = critic;
        CriticConfig qc = new CriticConfig(c.ensemble(), c.hidden(), c.layers(), c.initStd(),
                c.targetMomentum() == 0.995 ? 0.998 : c.targetMomentum(), c.gamma(), c.lambda(),
                c.lr() == 1e-3 ? 5e-4 : c.lr(), c.weightDecay(), c.bootstrapSamples(), c.qMin(), c.qMax(),
                c.rewardScaling(), c.rewardScaleRate(), c.truncationAsTerminal(), 2 * c.stepsPerRound(), "relu", "mean-std", 0.5,
                c.rewardScale(), c.rewardScaleValue());
        ActorConfig a = actor;
        ActorConfig qa = new ActorConfig(a.rlWeight(), a.consistencyWeight(), a.fisherWeight(), a.refreshReference(), a.lr(),
                a.warmupSteps(), a.stepsPerRound(), a.trajectoryStride(), Math.min(a.startIteration(), 1));
        return new RldtConfig(task, policy, transport, qa, qc, loop, pretrain, seed, "qam", qam);
    }

    public RldtConfig withLoop(LoopConfig l) {
        return new RldtConfig(task, policy, transport, actor, critic, l, pretrain, seed, algorithm, qam);
    }

    public RldtConfig withTransport(TransportConfig t) {
        return new RldtConfig(task, policy, t, actor, critic, loop, pretrain, seed, algorithm, qam);
    }
}
