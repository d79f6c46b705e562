package io.rldt.envs;

import io.rldt.envs.remote.RemoteEnv;
import io.rldt.envs.remote.RemoteEnvConfig;
import io.rldt.envs.tasks.BimodalBandit;
import io.rldt.envs.tasks.MountainCarContinuous;
import io.rldt.envs.tasks.Pendulum;
import io.rldt.envs.wrappers.TimeLimit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Gymnasium-style registry: env ids ({@code "Name-vN"}) mapped to {@link EnvSpec}s, open to any module.
 *
 * <pre>{@code
 * Env env = EnvRegistry.make("Pendulum-v1");          // TimeLimit(Pendulum, 200)
 * EnvRegistry.register("MyTask-v0", EnvSpec.of(MyTask::new, 500));
 * }</pre>
 *
 * <p>Built in: {@code Pendulum-v1} (200 steps), {@code MountainCarContinuous-v0} (999 steps, threshold 90)
 * and {@code BimodalBandit-v0} (one-step episodes, no limit). Other modules add theirs through the same
 * public {@link #register} (the MuJoCo tasks, for example, register when their native library is found);
 * this class deliberately knows nothing about them, so envs-bridge's core has no native dependency.
 *
 * <p><b>Gymnasium ids.</b> {@code "gym:<id>"} (for example {@code "gym:Hopper-v5"}) needs no registration: it
 * makes a {@link RemoteEnv} running {@code gymnasium.make("<id>")} in a Python child process, with the Python of
 * {@code -Drldt.gym.python} or {@code $RLDT_GYM_PYTHON} (default {@code python3}). Gymnasium applies the id's
 * own TimeLimit, so the spec has none. Anything after {@code gym:} goes to the server's {@code --spec}, so
 * {@code gym:module:callable} hosts any factory (envs-bridge/REMOTE.md).
 *
 * <p>Thread-safe: all methods synchronise on the registry.
 */
public final class EnvRegistry {
    private static final Map<String, EnvSpec> SPECS = new TreeMap<>();

    static {
        register(Pendulum.ID, EnvSpec.of(Pendulum::new, 200));
        register(MountainCarContinuous.ID, EnvSpec.of(MountainCarContinuous::new, 999).withRewardThreshold(90));
        register(BimodalBandit.ID, EnvSpec.of(BimodalBandit::new));
        // MuJoCo tasks are always listed; their factories explain what is missing when libmujoco is absent.
        io.rldt.envs.mujoco.MujocoEnvs.registrations()
                .forEach((id, r) -> register(id, EnvSpec.of(r.factory(), r.maxEpisodeSteps())));
    }

    private EnvRegistry() {}

    /**
     * Registers {@code id}.
     *
     * @throws IllegalArgumentException when the id is blank or already registered (ids are never silently
     *                                  replaced; {@link #unregister} first to replace one on purpose)
     */
    public static synchronized void register(String id, EnvSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (id == null || id.isBlank()) throw new IllegalArgumentException("EnvRegistry: id is '" + id + "', expected a non-blank id");
        if (SPECS.containsKey(id)) {
            throw new IllegalArgumentException("EnvRegistry: id '" + id + "' is already registered; unregister it first to replace it");
        }
        SPECS.put(id, spec);
    }

    /** Removes {@code id}; returns whether it was registered. */
    public static synchronized boolean unregister(String id) { return SPECS.remove(id) != null; }

    /** The prefix of ids served by Gymnasium through the remote bridge. */
    public static final String GYMNASIUM_PREFIX = "gym:";

    /** True when {@code id} is registered or is a {@code gym:} id. */
    public static synchronized boolean contains(String id) { return SPECS.containsKey(id) || isGymnasiumId(id); }

    private static boolean isGymnasiumId(String id) {
        return id != null && id.startsWith(GYMNASIUM_PREFIX) && !id.substring(GYMNASIUM_PREFIX.length()).isBlank();
    }

    /** A {@code gym:} id's spec: each env is its own server process; the time limit is Gymnasium's. */
    private static EnvSpec gymnasiumSpec(String id) {
        String target = id.substring(GYMNASIUM_PREFIX.length());
        String python = System.getProperty("rldt.gym.python", System.getenv().getOrDefault("RLDT_GYM_PYTHON", "python3"));
        return EnvSpec.of(() -> RemoteEnv.launch(RemoteEnvConfig.of(target).withPython(python)));
    }

    /** The registered ids, sorted. */
    public static synchronized List<String> ids() { return List.copyOf(SPECS.keySet()); }

    /**
     * The spec of {@code id}.
     *
     * @throws IllegalArgumentException for an unknown id; the message lists the known ids
     */
    public static synchronized EnvSpec spec(String id) {
        EnvSpec spec = SPECS.get(id);
        if (spec == null && isGymnasiumId(id)) return gymnasiumSpec(id);
        if (spec == null) {
            throw new IllegalArgumentException("EnvRegistry: unknown env id '" + id + "'; known ids: " + SPECS.keySet()
                    + ", or gym:<gymnasium id> through the remote bridge");
        }
        return spec;
    }

    /** A fresh env for {@code id}, wrapped in {@link TimeLimit} when its spec has a limit. */
    public static Env make(String id) { return make(id, spec(id).maxEpisodeSteps()); }

    /**
     * A fresh env for {@code id} with the given time limit instead of the registered one.
     *
     * @param maxEpisodeSteps the limit; 0 for the bare env without {@link TimeLimit}
     */
    public static Env make(String id, int maxEpisodeSteps) {
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("EnvRegistry: maxEpisodeSteps is " + maxEpisodeSteps + ", expected >= 0 (0 = no limit)");
        }
        Env env = Objects.requireNonNull(spec(id).factory().get(), () -> "EnvRegistry: the factory of '" + id + "' returned null");
        return maxEpisodeSteps > 0 ? new TimeLimit(env, maxEpisodeSteps) : env;
    }
}
