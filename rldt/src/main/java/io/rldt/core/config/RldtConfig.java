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
 */
public record RldtConfig(TaskConfig task, PolicyConfig policy, TransportConfig transport, ActorConfig actor,
                         CriticConfig critic, LoopConfig loop, PretrainConfig pretrain, long seed) {

    public RldtConfig {
        require(task != null, "task", "null", "a [task] section");
        require(policy != null, "policy", "null", "a [policy] section");
        require(transport != null, "transport", "null", "a [transport] section");
        require(actor != null, "actor", "null", "an [actor] section");
        require(critic != null, "critic", "null", "a [critic] section");
        require(loop != null, "loop", "null", "a [loop] section");
        require(pretrain != null, "pretrain", "null", "a [pretrain] section");
    }

    /** Throws {@link ConfigException} naming the field, the value and what was expected unless {@code ok}. */
    static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) throw new ConfigException(field, String.valueOf(value), expected);
    }

    public RldtConfig withSeed(long newSeed) {
        return new RldtConfig(task, policy, transport, actor, critic, loop, pretrain, newSeed);
    }

    public RldtConfig withLoop(LoopConfig l) {
        return new RldtConfig(task, policy, transport, actor, critic, l, pretrain, seed);
    }

    public RldtConfig withTransport(TransportConfig t) {
        return new RldtConfig(task, policy, t, actor, critic, loop, pretrain, seed);
    }
}
