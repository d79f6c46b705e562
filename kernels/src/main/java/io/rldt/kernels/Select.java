package io.rldt.kernels;

/** Order statistics on small float arrays without allocation. */
final class Select {
    private Select() {}

    /**
     * The {@code k}-th smallest of {@code x[0, n)} (0-based), by Wirth's in-place quickselect: expected
     * {@code O(n)}, no recursion, no allocation. Permutes {@code x[0, n)}. Deterministic: the pivot is
     * {@code x[k]}, so the same input always takes the same steps.
     */
    static float kthSmallest(float[] x, int n, int k) {
        if (k < 0 || k >= n) throw new IllegalArgumentException("k = " + k + " is outside [0, " + n + ")");
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            float pivot = x[k];
            int i = lo, j = hi;
            do {
                while (x[i] < pivot) i++;
                while (pivot < x[j]) j--;
                if (i <= j) {
                    float t = x[i];
                    x[i] = x[j];
                    x[j] = t;
                    i++;
                    j--;
                }
            } while (i <= j);
            // x[lo..j] <= pivot <= x[i..hi]; keep only the side that holds index k.
            if (j < k) lo = i;
            if (k < i) hi = j;
        }
        return x[k];
    }

    /** The lower median of {@code x[0, n)}: the element at sorted index {@code (n − 1)/2}. Permutes x. */
    static float lowerMedian(float[] x, int n) {
        return kthSmallest(x, n, (n - 1) / 2);
    }
}
