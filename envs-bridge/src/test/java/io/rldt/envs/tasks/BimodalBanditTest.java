package io.rldt.envs.tasks;

import io.rldt.envs.EnvChecker;
import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The bimodal bandit of rldt-spec.md §8. */
class BimodalBanditTest {

    @Test
    void rewardAtPeaksAndBetween() {
        assertEquals(1.0, BimodalBandit.reward(new double[] {-1, 0.5}), 1e-15);
        assertEquals(1.0, BimodalBandit.reward(new double[] {1, 0.5}), 1e-15);
        assertEquals(1.0, BimodalBandit.peakValue(), 1e-15);
        // at a demonstration centre: exp(−0.25/0.02) from the near peak
        assertEquals(Math.exp(-12.5), BimodalBandit.reward(new double[] {1, 0}), 1e-18);
        assertEquals(2 * Math.exp(-1.25 / 0.02), BimodalBandit.reward(new double[] {0, 0}), 1e-40);
        for (double[] p : BimodalBandit.peaks()) assertEquals(0.5, p[1]);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double h = 1e-6;
        double[][] points = {{-1.05, 0.45}, {0.9, 0.6}, {1.1, 0.52}, {-0.93, 0.41}, {0.0, 0.5}, {1, 0.5}};
        double[] g = new double[2];
        for (double[] a : points) {
            double r = BimodalBandit.rewardGradient(a, g);
            assertEquals(BimodalBandit.reward(a), r, 0.0);
            for (int i = 0; i < 2; i++) {
                double[] p = a.clone(), m = a.clone();
                p[i] += h;
                m[i] -= h;
                double fd = (BimodalBandit.reward(p) - BimodalBandit.reward(m)) / (2 * h);
                assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "d r/d a" + i + " at (" + a[0] + ", " + a[1] + ")");
            }
        }
        BimodalBandit.rewardGradient(new double[] {1, 0.5}, g);
        assertArrayEquals(new double[] {0, 0}, g, 1e-12); // stationary at the peak
    }

    @Test
    void demonstrationsFollowTheMixture() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 20_000, right = 0;
        double sumAbsX = 0, sumY = 0, sumY2 = 0, sumDx2 = 0;
        double[] a = new double[2];
        for (int k = 0; k < n; k++) {
            BimodalBandit.sampleDemonstration(rng, a);
            if (a[0] > 0) right++;
            double centre = a[0] > 0 ? 1 : -1;
            sumAbsX += Math.abs(a[0]);
            sumDx2 += (a[0] - centre) * (a[0] - centre);
            sumY += a[1];
            sumY2 += a[1] * a[1];
        }
        assertEquals(0.5, right / (double) n, 0.02);
        assertEquals(1.0, sumAbsX / n, 0.02);
        assertEquals(0.0, sumY / n, 0.01);
        assertEquals(0.3, Math.sqrt(sumY2 / n), 0.01);
        assertEquals(0.3, Math.sqrt(sumDx2 / n), 0.01);
        // reproducible from the seed
        double[] b1 = new double[2], b2 = new double[2];
        BimodalBandit.sampleDemonstration(new SplittableRandom(5), b1);
        BimodalBandit.sampleDemonstration(new SplittableRandom(5), b2);
        assertArrayEquals(b1, b2, 0.0);
    }

    @Test
    void everyStepTerminatesWithConstantObservation() {
        BimodalBandit env = new BimodalBandit();
        assertArrayEquals(new double[] {0}, env.reset(3).observation(), 0.0);
        StepResult r = env.step(new double[] {1, 0.5});
        assertTrue(r.terminated());
        assertFalse(r.truncated());
        assertEquals(1.0, r.reward(), 1e-15);
        assertArrayEquals(new double[] {0}, r.observation(), 0.0);
        assertThrows(IllegalStateException.class, () -> env.step(new double[] {1, 0.5}));
        env.reset();
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> BimodalBandit.reward(new double[3]));
    }

    @Test
    void passesTheChecker() {
        EnvChecker.check(new BimodalBandit());
    }
}
