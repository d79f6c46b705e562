package io.rldt.core.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Rng;
import io.rldt.envs.tasks.MountainCarContinuous;
import org.junit.jupiter.api.Test;

/**
 * The measured figures quoted in {@link MountainCarController}'s Javadoc (200 episodes, seed 0): the demonstrator
 * of the {@code mountaincar} preset succeeds in a minority of its episodes, and only because of its dead zone.
 */
class MountainCarControllerTest {
    private static final int EPISODES = 200;

    private static ScriptedDemonstrations.Collected collect(ScriptedController c, long seed) {
        ScriptedDemonstrations.Collected r = ScriptedDemonstrations.collect(MountainCarContinuous.ID, c, EPISODES, 1, false, seed);
        System.out.println(c.describe() + ": " + r.summary() + ", success " + successRate(r));
        return r;
    }

    /** Episodes that ended before the 999-step limit: MountainCar only terminates at the goal. */
    private static double successRate(ScriptedDemonstrations.Collected r) {
        int k = 0;
        for (int len : r.episodeLengths()) if (len < 999) k++;
        return (double) k / r.episodeLengths().length;
    }

    @Test
    void mediocre_controller_succeeds_in_a_minority_of_episodes() {
        ScriptedDemonstrations.Collected r = collect(MountainCarController.mediocre(), 0);
        assertEquals(0.195, successRate(r), 1e-12, "the figure quoted in the Javadoc");
        assertEquals(17.8, r.meanReturn(), 0.05, "the figure quoted in the Javadoc");
        for (long seed = 1; seed <= 3; seed++) {
            double s = successRate(collect(MountainCarController.mediocre(), seed));
            assertTrue(s >= 0.1 && s <= 0.35, "seed " + seed + ": success " + s);
        }
        // Without the dead zone the same pump always gets there: the dead zone is the flaw RL can remove.
        assertEquals(1.0, successRate(collect(new MountainCarController(1.0, 0.0, 0.3), 0)), 1e-12);
    }

    @Test
    void rewards_are_recorded_per_step_and_add_up_to_the_returns() {
        ScriptedDemonstrations.Collected r = ScriptedDemonstrations.collect(MountainCarContinuous.ID,
                MountainCarController.mediocre(), 5, 4, true, 2);
        int start = 0;
        for (int e = 0; e < r.episodeLengths().length; e++) {
            double sum = 0;
            for (int t = 0; t < r.episodeLengths()[e]; t++) sum += r.rewards()[start + t];
            assertEquals(r.episodeReturns()[e], sum, 1e-9);
            start += r.episodeLengths()[e];
        }
        assertEquals(r.data().size(), r.rewards().length);
    }

    @Test
    void laws_act_as_documented() {
        MountainCarController quiet = new MountainCarController(0.8, 2.5e-5, 0.0);
        Rng rng = new Rng(3);
        double bottom = -Math.PI / 6;
        assertEquals(0.0, quiet.act(new double[] {bottom, 0.0}, rng)[0], "at rest in the valley: dead zone");
        assertEquals(0.0, quiet.act(new double[] {bottom + 0.05, 0.0}, rng)[0], "a small swing: still the dead zone");
        assertEquals(0.8, quiet.act(new double[] {-0.4, 0.0}, rng)[0], "far enough up the slope: push right at rest");
        assertEquals(-0.8, quiet.act(new double[] {bottom, -0.02}, rng)[0], "moving left fast: push left");
        assertEquals(MountainCarController.MIN_ENERGY, MountainCarController.energy(bottom, 0), 1e-15);
        MountainCarController noisy = MountainCarController.mediocre();
        for (int i = 0; i < 1000; i++) {
            double a = noisy.act(new double[] {-0.3, 0.03}, rng)[0];
            assertTrue(a >= -1 && a <= 1, "action " + a);
        }
        assertFalse(noisy.describe().isBlank());
        assertThrows(IllegalArgumentException.class, () -> new MountainCarController(0, 1e-5, 0));
        assertThrows(IllegalArgumentException.class, () -> new MountainCarController(1.5, 1e-5, 0));
        assertThrows(IllegalArgumentException.class, () -> new MountainCarController(1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MountainCarController(1, 1e-5, Double.NaN));
        assertTrue(DemoSources.controllerFor(MountainCarContinuous.ID) instanceof MountainCarController);
    }
}
