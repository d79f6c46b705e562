package io.rldt.cuda;

import org.junit.jupiter.api.Assumptions;

/** One clear line when a GPU test is skipped. */
final class GpuAssumptions {
    private GpuAssumptions() {}

    static void assumeCuda() {
        String why = Cuda.unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "GPU test skipped: " + why);
    }

    /** The emulated device needs a C compiler; without one its tests skip with the reason. */
    static void assumeEmulator() {
        String why = EmulatedRuntime.unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "emulated-device test skipped: " + why);
    }
}
