package io.rldt.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The baselines' presets against baselines spec §2.4 and §3.4: ReinFlow's K, per-task rates, the schedules. */
class OnPolicyPresetsTest {
    static final List<String> PRESETS = List.of("bandit", "pendulum", "hopper-cpu", "walker2d-cpu", "halfcheetah-cpu", "gym-paper");

    @Test
    void reinflow_runs_its_chain_at_k4_on_every_preset_and_the_others_keep_the_checkpoints_k() {
        for (String name : PRESETS) {
            OnPolicyConfig r = OnPolicyPresets.get("reinflow", name);
            assertEquals(4, r.chain().denoisingSteps(), name);
            assertEquals(4, r.denoisingSteps(), name);
            assertEquals(8, r.policy().denoisingSteps(), name + ": the checkpoint stays K = 8");
            assertEquals(0, OnPolicyPresets.get("dppo", name).chain().denoisingSteps(), name);
            assertEquals(0, OnPolicyPresets.get("fpo", name).chain().denoisingSteps(), name);
        }
    }

    @Test
    void reinflow_takes_the_rates_and_critic_warmup_of_its_task() {
        assertRow(OnPolicyPresets.get("reinflow", "hopper-cpu"), 4.5e-5, 2e-5, 6.5e-4, 3e-4, 1e-5, 0);
        assertRow(OnPolicyPresets.get("reinflow", "walker2d-cpu"), 4e-4, 4e-4, 4e-3, 4e-3, 1e-5, 5);
        assertRow(OnPolicyPresets.get("reinflow", "halfcheetah-cpu"), 3e-5, 1.5e-5, 3e-4, 1.5e-4, 1e-4, 10);
        assertRow(OnPolicyPresets.get("reinflow", "gym-paper"), 4.5e-5, 2e-5, 6.5e-4, 3e-4, 1e-5, 0);
        OnPolicyConfig walker = OnPolicyPresets.get("reinflow", "gym-paper", "Walker2d-v4");
        assertEquals("Walker2d-v4", walker.task().env());
        assertRow(walker, 4e-4, 4e-4, 4e-3, 4e-3, 1e-5, 5);
        assertRow(OnPolicyPresets.get("reinflow", "gym-paper", "HalfCheetah-v4"), 3e-5, 1.5e-5, 3e-4, 1.5e-4, 1e-4, 10);
        // The small presets keep RLDT's actor rate (decayed to half) and no critic-only warm-up.
        assertRow(OnPolicyPresets.get("reinflow", "pendulum"), 1e-4, 5e-5, 6.5e-4, 3e-4, 1e-5, 0);
        assertRow(OnPolicyPresets.get("reinflow", "bandit"), 1e-3, 5e-4, 6.5e-4, 3e-4, 1e-5, 0);
        assertEquals(0, OnPolicyPresets.get("dppo", "halfcheetah-cpu").loop().criticWarmupIterations(), "DPPO: no critic warm-up");
    }

    private static void assertRow(OnPolicyConfig c, double actor, double actorMin, double critic, double criticMin, double wd, int warm) {
        String at = c.task().env();
        assertEquals(actor, c.ppo().actorLr(), at);
        assertEquals(actorMin, c.ppo().actorMinLr(), at);
        assertEquals(critic, c.ppo().criticLr(), at);
        assertEquals(criticMin, c.ppo().criticMinLr(), at);
        assertEquals(wd, c.ppo().criticWeightDecay(), at);
        assertEquals(warm, c.loop().criticWarmupIterations(), at);
    }

    @Test
    void schedules_are_the_authors_cycles_on_locomotion_and_one_cycle_on_the_small_tasks() {
        for (String name : List.of("hopper-cpu", "walker2d-cpu", "halfcheetah-cpu", "gym-paper")) {
            PpoConfig r = OnPolicyPresets.get("reinflow", name).ppo(), d = OnPolicyPresets.get("dppo", name).ppo();
            assertEquals(10, r.lrWarmupIterations(), name);
            assertEquals(20, r.lrCycleIterations(), name + ": RLDT's copy restarts every 20 iterations");
            assertEquals(10, d.lrWarmupIterations(), name);
            assertEquals(1000, d.lrCycleIterations(), name);
            assertEquals(d.actorLr(), d.actorMinLr(), name + ": DPPO's min = max, a constant 1e-4");
        }
        PpoConfig pendulum = OnPolicyPresets.get("reinflow", "pendulum").ppo(), bandit = OnPolicyPresets.get("reinflow", "bandit").ppo();
        assertEquals(1, pendulum.lrWarmupIterations());
        assertEquals(12, pendulum.lrCycleIterations(), "one cycle over Pendulum's 12 training iterations");
        assertEquals(2, bandit.lrWarmupIterations());
        assertEquals(20, bandit.lrCycleIterations(), "one cycle over the bandit's 20 training iterations");
    }

    /** Every preset that is not a locomotion budget is short: RLDT's actor rate in one cycle, not Hopper's row. */
    @Test
    void mountaincar_is_a_short_preset() {
        OnPolicyConfig r = OnPolicyPresets.get("reinflow", "mountaincar");
        assertRow(r, 1e-4, 5e-5, 6.5e-4, 3e-4, 1e-5, 0);
        assertEquals(r.loop().trainingIterations(), r.ppo().lrCycleIterations(), "one cycle over all training iterations");
        assertEquals(1e-4, OnPolicyPresets.get("dppo", "mountaincar").ppo().actorLr());
        assertEquals(1e-4, OnPolicyPresets.get("fpo", "mountaincar").ppo().actorLr());
        assertEquals(0.99, r.ppo().gamma(), "only the bandit drops gamma");
    }

    @Test
    void peek_reads_the_env_the_overrides_choose_before_any_check(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        OnPolicyConfig paper = OnPolicyPresets.get("reinflow", "gym-paper");
        assertEquals("Hopper-v4", ConfigToml.peek(paper, null, List.of(), "task.env"));
        // Valid under Walker2d's rates only: peek does not validate, so the run can pick its preset first.
        List<String> sets = List.of("task.env=Walker2d-v4", "ppo.criticMinLr=1e-3");
        assertEquals("Walker2d-v4", ConfigToml.peek(paper, null, sets, "task.env"));
        java.nio.file.Path file = tmp.resolve("c.toml");
        java.nio.file.Files.writeString(file, "[task]\nenv = \"HalfCheetah-v4\"\n");
        assertEquals("HalfCheetah-v4", ConfigToml.peek(paper, file, List.of(), "task.env"));
        assertEquals("Walker2d-v4", ConfigToml.peek(paper, file, sets, "task.env"), "--set comes after --config");
        assertEquals("Hopper-v4", ConfigToml.peek(paper, tmp.resolve("missing.toml"), List.of("nonsense", "task.env={a=1}"),
                "task.env"), "what cannot be read is left to the full resolution");
        OnPolicyConfig walker = ConfigToml.override(OnPolicyPresets.get("reinflow", "gym-paper", "Walker2d-v4"), sets, OnPolicyConfig.class);
        assertEquals(1e-3, walker.ppo().criticMinLr());
        assertEquals(4e-3, walker.ppo().criticLr());
    }

    @Test
    void a_warmup_as_long_as_the_cycle_is_one_clear_error_and_the_presets_round_trip() {
        OnPolicyConfig c = OnPolicyPresets.get("reinflow", "walker2d-cpu");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigToml.override(c, List.of("ppo.lrWarmupIterations=20"), OnPolicyConfig.class));
        assertEquals("config 'ppo.lrWarmupIterations' = 20 is invalid: expected an integer in 0..19 (below ppo.lrCycleIterations, "
                + "which includes the warm-up)", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigToml.override(c, List.of("loop.criticWarmupIterations=-1"), OnPolicyConfig.class));
        assertTrue(e.getMessage().contains("loop.criticWarmupIterations") && e.getMessage().contains("-1"), e.getMessage());
        for (String algo : OnPolicyConfig.ALGOS) {
            for (String name : PRESETS) {
                OnPolicyConfig p = OnPolicyPresets.get(algo, name);
                assertEquals(p, ConfigToml.parse(ConfigToml.write(p), OnPolicyConfig.class), algo + " on " + name);
            }
        }
    }
}
