package io.rldt.kernels;

import io.rldt.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SelectTest {

    @Test
    void kthSmallestMatchesSortingIncludingTies() {
        Rng rng = new Rng(7);
        for (int n = 1; n <= 40; n++) {
            for (int trial = 0; trial < 20; trial++) {
                float[] x = new float[n];
                // Few distinct values on odd trials: ties are where partition schemes go wrong.
                for (int i = 0; i < n; i++) x[i] = trial % 2 == 0 ? rng.nextFloat() : rng.nextInt(3);
                float[] sorted = x.clone();
                Arrays.sort(sorted);
                for (int k = 0; k < n; k++) {
                    assertEquals(sorted[k], Select.kthSmallest(x.clone(), n, k), "n=" + n + " k=" + k);
                }
            }
        }
    }

    @Test
    void lowerMedianOfEvenCountIsTheLowerMiddle() {
        assertEquals(4f, Select.lowerMedian(new float[] {9, 1, 16, 4}, 4));
        assertEquals(2f, Select.lowerMedian(new float[] {3, 2, 1, 4, 9, 0}, 6));
        assertEquals(5f, Select.lowerMedian(new float[] {5}, 1));
        assertEquals(1f, Select.lowerMedian(new float[] {7, 1}, 2));
    }
}
