package io.rldt.envs;

import io.rldt.envs.tasks.BimodalBandit;
import io.rldt.envs.tasks.MountainCarContinuous;
import io.rldt.envs.tasks.Pendulum;
import io.rldt.envs.wrappers.TimeLimit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class EnvRegistryTest {

    @Test
    void builtInsWithTheirTimeLimits() {
        Env pendulum = EnvRegistry.make("Pendulum-v1");
        TimeLimit limit = assertInstanceOf(TimeLimit.class, pendulum);
        assertEquals(200, limit.maxEpisodeSteps());
        assertInstanceOf(Pendulum.class, limit.unwrapped());
        pendulum.reset(0);
        StepResult r = null;
        for (int t = 0; t < 200; t++) {
            assertTrue(r == null || !r.done());
            r = pendulum.step(new double[] {0});
        }
        assertTrue(r.truncated());
        assertFalse(r.terminated());

        Env car = EnvRegistry.make("MountainCarContinuous-v0");
        assertEquals(999, ((TimeLimit) car).maxEpisodeSteps());
        assertInstanceOf(MountainCarContinuous.class, ((TimeLimit) car).unwrapped());
        assertEquals(90.0, EnvRegistry.spec("MountainCarContinuous-v0").rewardThreshold());
        assertTrue(Double.isNaN(EnvRegistry.spec("Pendulum-v1").rewardThreshold()));

        assertInstanceOf(BimodalBandit.class, EnvRegistry.make("BimodalBandit-v0"));
        assertInstanceOf(Pendulum.class, EnvRegistry.make("Pendulum-v1", 0)); // bare
        assertEquals(7, ((TimeLimit) EnvRegistry.make("Pendulum-v1", 7)).maxEpisodeSteps());
        assertNotSame(EnvRegistry.make("BimodalBandit-v0"), EnvRegistry.make("BimodalBandit-v0"));
    }

    @Test
    void unknownIdListsKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.make("Pendulum-v0"));
        assertTrue(e.getMessage().contains("unknown env id 'Pendulum-v0'"), e.getMessage());
        for (String id : new String[] {"Pendulum-v1", "MountainCarContinuous-v0", "BimodalBandit-v0"}) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
    }

    @Test
    void userEnvsRegisterThroughThePublicApi() {
        String id = "TestScripted-v0";
        try {
            EnvRegistry.register(id, EnvSpec.of(() -> new ScriptedEnv(0), 4));
            assertTrue(EnvRegistry.ids().contains(id));
            Env env = EnvRegistry.make(id);
            env.reset(0);
            for (int t = 0; t < 3; t++) assertFalse(env.step(new double[2]).done());
            assertTrue(env.step(new double[2]).truncated());
            IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                    () -> EnvRegistry.register(id, EnvSpec.of(() -> new ScriptedEnv(1))));
            assertTrue(dup.getMessage().contains("already registered"), dup.getMessage());
        } finally {
            assertTrue(EnvRegistry.unregister(id));
        }
        assertFalse(EnvRegistry.contains(id));
        assertThrows(IllegalArgumentException.class, () -> EnvRegistry.register(" ", EnvSpec.of(BimodalBandit::new)));
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.of(BimodalBandit::new, -1));
    }

    @Test
    void everyBuiltInPassesTheChecker() {
        for (String id : new String[] {"Pendulum-v1", "MountainCarContinuous-v0", "BimodalBandit-v0"}) {
            assertEquals(java.util.List.of(), EnvChecker.problems(EnvRegistry.make(id), 3, 1000), id);
        }
    }
}
