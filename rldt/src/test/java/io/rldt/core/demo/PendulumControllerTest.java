package io.rldt.core.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Rng;
import io.rldt.envs.EnvRegistry;
import io.rldt.envs.tasks.Pendulum;
import org.junit.jupiter.api.Test;

/**
 * The measured figures quoted in {@link PendulumController}'s Javadoc (100 episodes, seed 0).
 *
 * <p>Band for the mediocre controller: [−800, −350]. The per-episode std is ≈ 250, so the standard error of a
 * 100-episode mean is ≈ 25 (means over seeds 0–5 span [−569, −516]); the band is ±7 standard errors around
 * −526 and its edges mean "no longer mediocre": below −800 it is closer to random (−1230) than to a good
 * controller, above −350 it leaves too little room for RL (a good controller scores ≈ −150).
 */
class PendulumControllerTest {
    private static final int EPISODES = 100;

    private static double meanReturn(ScriptedController c, long seed) {
        ScriptedDemonstrations.Collected r = ScriptedDemonstrations.collect(Pendulum.ID, c, EPISODES, 1, false, seed);
        System.out.println(c.describe() + ": " + r.summary());
        return r.meanReturn();
    }

    @Test
    void mediocre_controller_return_is_in_band_and_beats_random() {
        double mediocre = meanReturn(PendulumController.mediocre(), 0);
        double random = meanReturn(ScriptedController.uniform(EnvRegistry.make(Pendulum.ID).actionSpace()), 0);
        assertEquals(-526.1, mediocre, 0.1, "the figure quoted in the Javadoc");
        assertTrue(mediocre >= -800 && mediocre <= -350, "mediocre controller mean return " + mediocre);
        assertTrue(random < -1000, "random policy mean return " + random);
        assertTrue(mediocre - random > 400, "margin over random: " + (mediocre - random));
    }

    @Test
    void band_holds_for_other_seeds() {
        for (long seed = 1; seed <= 3; seed++) {
            double m = meanReturn(PendulumController.mediocre(), seed);
            assertTrue(m >= -800 && m <= -350, "seed " + seed + ": " + m);
        }
    }

    @Test
    void well_tuned_settings_show_room_for_improvement() {
        double good = meanReturn(new PendulumController(2.0, 1.0, 40, 8, 0.6, 0), 0);
        double mediocre = meanReturn(PendulumController.mediocre(), 0);
        assertTrue(good > -250, "well-tuned mean return " + good);
        assertTrue(good - mediocre > 250, "gap " + (good - mediocre));
    }

    @Test
    void actions_are_legal_torques_and_laws_act_as_documented() {
        PendulumController quiet = new PendulumController(1.2, 0.2, 6.0, 0.6, 0.35, 0.0);
        Rng rng = new Rng(3);
        // Hanging at rest, E = −15 < E*: maximal pump in the default direction, limited to 1.2.
        assertEquals(1.2, quiet.act(new double[] {-1, 0, 0}, rng)[0], 1e-12);
        // Moving backwards below the target energy: pump along the motion.
        assertEquals(-1.2, quiet.act(new double[] {-1, 0, -1}, rng)[0], 1e-12);
        // Near upright (θ = 0.1, θ̇ = 0.5): PD −6·0.1 − 0.6·0.5 = −0.9.
        double th = 0.1;
        assertEquals(-0.9, quiet.act(new double[] {Math.cos(th), Math.sin(th), 0.5}, rng)[0], 1e-9);

        PendulumController noisy = PendulumController.mediocre();
        double sum = 0;
        for (int i = 0; i < 2000; i++) {
            double a = noisy.act(new double[] {1, 0, 0}, rng)[0];
            assertTrue(a >= -2 && a <= 2, "action " + a);
            sum += a;
        }
        assertEquals(0.0, sum / 2000, 0.05, "noise is zero-mean at the upright rest state");
        assertFalse(noisy.describe().isBlank());
        assertThrows(IllegalArgumentException.class, () -> new PendulumController(0, 0.2, 6, 0.6, 0.35, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new PendulumController(1, 0.2, 6, 0.6, 0.35, -1));
    }
}
