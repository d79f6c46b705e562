package io.rldt.cuda;

import org.junit.jupiter.api.Assumptions;

/** One clear line when a GPU test is skipped. */
final class GpuAssumptions {
    private GpuAssumptions() {}

    static void assumeCuda() {
        String why = Cuda.unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "GPU test skipped: " + why);
    }
}
