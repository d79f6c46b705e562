package io.rldt.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
