package io.rldt.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TOML maps one to one onto the config records: every preset round-trips; partial files and overrides stack. */
class ConfigTomlTest {

    @Test
    void every_preset_round_trips_through_toml() {
        for (String name : Presets.names()) {
            RldtConfig cfg = Presets.get(name);
            String toml = ConfigToml.write(cfg);
            assertEquals(cfg, ConfigToml.parse(toml), name);
            assertEquals(toml, ConfigToml.write(ConfigToml.parse(toml)), name + ": writing is stable");
        }
    }

    @Test
    void written_as_tables_with_toml_special_floats() {
        String toml = ConfigToml.write(Presets.bandit());
        assertTrue(toml.startsWith("seed = 0\nalgorithm = \"rldt\"\n\n[task]\nenv = \"BimodalBandit-v0\"\n"), toml);
        assertTrue(toml.contains("\n[loop]\niterations = 26\n"), toml);
        assertTrue(toml.contains("qMin = -inf\n") && toml.contains("qMax = inf\n"), toml);
        assertTrue(toml.contains("fixedBandwidth = nan\n"), toml);
    }

    @Test
    void partial_files_and_overrides_stack_on_the_preset() {
        RldtConfig cfg = ConfigToml.merge(Presets.pendulum(), "seed = 4\n[loop]\niterations = 3\n");
        cfg = ConfigToml.override(cfg, List.of("policy.hidden=64", "task.demoSource=data/x.npz", "critic.qMin=-inf"));
        assertEquals(4, cfg.seed());
        assertEquals(3, cfg.loop().iterations());
        assertEquals(Presets.pendulum().loop().envs(), cfg.loop().envs());
        assertEquals(64, cfg.policy().hidden());
        assertEquals("data/x.npz", cfg.task().demoSource());
        assertEquals(Double.NEGATIVE_INFINITY, cfg.critic().qMin());
    }

    @Test
    void messages_name_key_value_and_what_is_allowed() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ConfigToml.override(Presets.bandit(), List.of("actor.lrr=1")));
        assertTrue(unknown.getMessage().startsWith("config key 'actor.lrr' is unknown; known keys here: rlWeight,"),
                unknown.getMessage());
        ConfigException range = assertThrows(ConfigException.class,
                () -> ConfigToml.override(Presets.bandit(), List.of("pretrain.emaMomentum=1.5")));
        assertEquals("config 'pretrain.emaMomentum' = 1.5 is invalid: expected a number in [0, 1)", range.getMessage());
        assertEquals("pretrain.emaMomentum", range.key());
        ConfigException type = assertThrows(ConfigException.class,
                () -> ConfigToml.override(Presets.bandit(), List.of("loop.exploration=maybe")));
        assertEquals("config 'loop.exploration' = maybe is invalid: expected true or false", type.getMessage());
        ConfigException integer = assertThrows(ConfigException.class,
                () -> ConfigToml.override(Presets.bandit(), List.of("loop.envs=2.5")));
        assertEquals("config 'loop.envs' = 2.5 is invalid: expected an integer", integer.getMessage());
        ConfigException quoted = assertThrows(ConfigException.class,
                () -> ConfigToml.merge(Presets.bandit(), "[loop]\nenvs = \"3\"\n"));
        assertTrue(quoted.getMessage().contains("loop.envs"), quoted.getMessage());
        ConfigException syntax = assertThrows(ConfigException.class, () -> ConfigToml.merge(Presets.bandit(), "[loop\n"));
        assertTrue(syntax.getMessage().startsWith("config is not valid TOML"), syntax.getMessage());
    }

    /** The one per-task difference from the spec (A/B in docs/results/locomotion): TD(λ = 0.95) where a fall ends the episode. */
    @Test
    void locomotion_presets_use_lambda_095_on_the_tasks_that_terminate() {
        assertEquals(0.95, Presets.get("hopper-cpu").critic().lambda());
        assertEquals(0.95, Presets.get("walker2d-cpu").critic().lambda());
        assertEquals(0.0, Presets.get("halfcheetah-cpu").critic().lambda());
        assertEquals(0.0, Presets.get("gym-paper").critic().lambda(), "the paper's own scale keeps its targets");
    }

    @Test
    void a_run_written_before_newer_keys_existed_is_the_same_run_and_reads_with_their_defaults() {
        RldtConfig cfg = Presets.get("hopper-cpu");
        // What an earlier version wrote: no algorithm, no critic.activation/target/rho, no [qam] table.
        String old = ConfigToml.write(cfg).replace("algorithm = \"rldt\"\n", "")
                .replace("activation = \"silu\"\n", "").replace("target = \"min\"\n", "").replace("rho = 0.5\n", "")
                .replace("rewardScale = \"ema\"\n", "").replace("rewardScaleValue = 1.0\n", "");
        old = old.substring(0, old.indexOf("\n[qam]"));
        assertTrue(!old.contains("algorithm") && !old.contains("qam") && !old.contains("rho")
                && !old.contains("rewardScale =") && !old.contains("rewardScaleValue"), old);
        assertTrue(ConfigToml.sameRun(old, cfg));
        assertEquals(cfg, ConfigToml.readRun(old));
        assertTrue(!ConfigToml.sameRun(old.replace("iterations = 61", "iterations = 62"), cfg), "a changed key is another run");
        assertTrue(!ConfigToml.sameRun(old, cfg.asQam()), "QAM is another run");
        assertTrue(!ConfigToml.sameRun("not toml ][", cfg));
    }

    @Test
    void qam_keeps_the_budget_and_changes_only_the_critic_and_the_actor_start() {
        RldtConfig rldt = Presets.get("hopper-cpu"), qam = rldt.asQam();
        assertEquals("qam", qam.algorithm());
        assertEquals(rldt.loop(), qam.loop());
        assertEquals(rldt.transport(), qam.transport());
        assertEquals(2 * rldt.critic().stepsPerRound(), qam.critic().stepsPerRound(), "the port's 64 per sub-round");
        assertEquals(-1, qam.qam().criticWarmupSteps());
        assertEquals(rldt.actor().stepsPerRound(), qam.actor().stepsPerRound());
        assertEquals("relu", qam.critic().activation());
        assertEquals("mean-std", qam.critic().target());
        assertEquals(5e-4, qam.critic().lr());
        assertEquals(0.998, qam.critic().targetMomentum());
        assertEquals(1, qam.actor().startIteration());
        assertEquals(qam, ConfigToml.parse(ConfigToml.write(qam)));
        assertEquals(0.95, Presets.bandit().asQam().critic().targetMomentum(), "a preset's own tuning stays");
    }

    @Test
    void reward_scale_modes_default_to_the_spec_ema_and_bad_values_name_the_key() {
        for (String name : List.of("hopper-cpu", "walker2d-cpu", "halfcheetah-cpu", "gym-paper", "pendulum")) {
            assertEquals("ema", Presets.get(name).critic().rewardScale(), name + " keeps the spec's EMA");
        }
        assertEquals("dataset", Presets.get("mountaincar").critic().rewardScale(), "the sparse-reward preset");
        RldtConfig fixed = ConfigToml.override(Presets.pendulum(), List.of("critic.rewardScale=fixed", "critic.rewardScaleValue=100"));
        assertEquals("fixed", fixed.critic().rewardScale());
        assertEquals(100.0, fixed.critic().rewardScaleValue());
        assertEquals(fixed, ConfigToml.parse(ConfigToml.write(fixed)));
        assertEquals("fixed", fixed.asQam().critic().rewardScale(), "QAM shares RLDT's critic settings");
        assertEquals(100.0, fixed.asQam().critic().rewardScaleValue());
        ConfigException mode = assertThrows(ConfigException.class,
                () -> ConfigToml.override(Presets.pendulum(), List.of("critic.rewardScale=median")));
        assertEquals("config 'critic.rewardScale' = median is invalid: expected \"ema\" (EMA of the rollouts' mean |r|), "
                + "\"fixed\" (divide by critic.rewardScaleValue) or \"dataset\" (the demonstrations' mean |chunk reward|)",
                mode.getMessage());
        for (String bad : List.of("0", "-3", "inf", "nan")) {
            ConfigException value = assertThrows(ConfigException.class,
                    () -> ConfigToml.override(Presets.pendulum(), List.of("critic.rewardScaleValue=" + bad)));
            assertTrue(value.getMessage().startsWith("config 'critic.rewardScaleValue' = ")
                    && value.getMessage().endsWith("is invalid: expected a finite number > 0 (the reward divisor of rewardScale = \"fixed\")"),
                    value.getMessage());
        }
    }
}
