package io.rldt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class RngTest {

    private static long[] draws(Rng r, int n) {
        long[] d = new long[n];
        for (int i = 0; i < n; i++) d[i] = r.nextLong();
        return d;
    }

    @Test
    void sameSeedSameStream() {
        assertEquals(java.util.Arrays.toString(draws(new Rng(5), 8)), java.util.Arrays.toString(draws(new Rng(5), 8)));
        assertNotEquals(new Rng(5).nextLong(), new Rng(6).nextLong());
    }

    @Test
    void splitsAreDeterministicAndIndependent() {
        Rng a = new Rng(11), b = new Rng(11);
        Rng a1 = a.split(), a2 = a.split(), b1 = b.split(), b2 = b.split();
        assertEquals(a1.nextLong(), b1.nextLong());
        assertEquals(a2.nextLong(), b2.nextLong());
        assertNotEquals(new Rng(11).split().nextLong(), a2.nextLong(), "successive splits differ");
        assertEquals(a.nextLong(), b.nextLong(), "parents stay in step after splitting");
    }

    @Test
    void namedSplitsAreStableAndDistinct() {
        long env = new Rng(3).split("env").nextLong(), env2 = new Rng(3).split("env").nextLong();
        assertEquals(env, env2);
        assertNotEquals(env, new Rng(3).split("particles").nextLong());
    }

    @Test
    void rangesHold() {
        Rng r = new Rng(1);
        for (int i = 0; i < 1000; i++) {
            float f = r.nextFloat();
            double d = r.nextDouble();
            int k = r.nextInt(7);
            if (f < 0 || f >= 1 || d < 0 || d >= 1 || k < 0 || k >= 7) throw new AssertionError(f + " " + d + " " + k);
        }
    }
}
