package io.rldt.envs.mujoco;

import io.rldt.envs.Env;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The MuJoCo tasks this package provides, for the env registry to wire in. */
public final class MujocoEnvs {
    private MujocoEnvs() {}

    /** A task: how to build it and the TimeLimit the registry applies. */
    public record Registration(Supplier<Env> factory, int maxEpisodeSteps) {}

    /**
     * Id → registration for Hopper-v4, Walker2d-v4 and HalfCheetah-v4 (each with max_episode_steps 1000). The
     * factories throw {@link IllegalStateException} when MuJoCo is unavailable; check {@link MujocoNative#isAvailable()}.
     */
    public static Map<String, Registration> registrations() {
        Map<String, Registration> m = new LinkedHashMap<>();
        m.put(Hopper.ID, new Registration(Hopper::new, MujocoLocomotionEnv.MAX_EPISODE_STEPS));
        m.put(Walker2d.ID, new Registration(Walker2d::new, MujocoLocomotionEnv.MAX_EPISODE_STEPS));
        m.put(HalfCheetah.ID, new Registration(HalfCheetah::new, MujocoLocomotionEnv.MAX_EPISODE_STEPS));
        return java.util.Collections.unmodifiableMap(m);
    }
}
