package io.rldt.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.engine.Rng;
import org.junit.jupiter.api.Test;

class SchedulesAndEmaTest {

    @Test
    void linearWarmupReachesBaseAfterWarmupSteps() {
        var s = Schedules.linearWarmup(2e-5, 32);
        assertEquals(2e-5 / 32, s.lr(0), 1e-15);
        assertEquals(2e-5 / 2, s.lr(15), 1e-15);
        assertEquals(2e-5, s.lr(31), 1e-15);
        assertEquals(2e-5, s.lr(1000), 1e-15);
    }

    @Test
    void cosineGoesFromBaseToMin() {
        var s = Schedules.cosine(1.0, 0.1, 100);
        assertEquals(1.0, s.lr(0), 1e-12);
        assertEquals(0.55, s.lr(50), 1e-12);
        assertEquals(0.1, s.lr(100), 1e-12);
        assertEquals(0.1, s.lr(500), 1e-12);
        var w = Schedules.warmupCosine(1.0, 0.0, 10, 110);
        assertEquals(0.1, w.lr(0), 1e-12);
        assertEquals(1.0, w.lr(10), 1e-12);
        assertEquals(0.5, w.lr(60), 1e-12);
    }

    @Test
    void warmupCosineRestartsRisesFromMinPeaksAtWarmupEndDecaysAndRestarts() {
        // ReinFlow in RLDT's copy: warm-up 10 in a cycle of 20 (Hopper's actor rates 4.5e-5 -> 2e-5).
        double max = 4.5e-5, min = 2e-5;
        var s = Schedules.warmupCosineRestarts(max, min, 10, 20);
        assertEquals(min, s.lr(0), 1e-18, "the warm-up starts at min, not at max/W");
        assertEquals(min + (max - min) * 3 / 10, s.lr(3), 1e-18);
        assertEquals(max, s.lr(10), 1e-18, "the warm-up ends at max");
        assertEquals(0.5 * (max + min), s.lr(15), 1e-18, "mid-cosine: halfway between max and min");
        assertEquals(min + 0.5 * (max - min) * (1 + Math.cos(Math.PI * 9 / 10)), s.lr(19), 1e-18);
        assertEquals(min, s.lr(20), 1e-18, "step 20 restarts the cycle");
        assertEquals(max, s.lr(30), 1e-18);
        assertEquals(s.lr(7), s.lr(47), 1e-18, "every cycle is the same");
        // DPPO: warm-up 10, cycle 1000, min = max: a constant 1e-4 (no warm-up from 1e-5).
        var dppo = Schedules.warmupCosineRestarts(1e-4, 1e-4, 10, 1000);
        for (long k : new long[] {0, 1, 5, 10, 500, 999, 1000, 1234}) assertEquals(1e-4, dppo.lr(k), 1e-18, "step " + k);
        // No warm-up: each cycle starts at max.
        var cos = Schedules.warmupCosineRestarts(1.0, 0.0, 0, 4);
        assertEquals(1.0, cos.lr(0), 1e-12);
        assertEquals(0.5, cos.lr(2), 1e-12);
        assertEquals(1.0, cos.lr(4), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Schedules.warmupCosineRestarts(1, 0, 20, 20));
    }

    @Test
    void emaIsPolyakAverageAndHardCopyCopies() {
        Mlp online = new Mlp(new int[] {2, 3, 1}, Activation.RELU, new Rng(1));
        Mlp target = new Mlp(new int[] {2, 3, 1}, Activation.RELU, new Rng(2));
        float t0 = target.layer(0).weight().value().data()[0], o0 = online.layer(0).weight().value().data()[0];
        Ema.update(target, online, 0.995);
        assertEquals(0.995f * t0 + 0.005f * o0, target.layer(0).weight().value().data()[0], 1e-7f);
        Ema.hardCopy(target, online);
        assertEquals(o0, target.layer(0).weight().value().data()[0]);
    }
}
