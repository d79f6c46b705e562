package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.CurrentBackendContractTest;

/**
 * The backend contract on {@code cuda-emulated}: the device port's kernels (the same source the GPU compiles)
 * run on the CPU, made current so that the suite's outputs live in device memory; calls whose operands are all
 * there run the device kernels, the others are staged.
 */
class EmulatedDeviceContractTest extends CurrentBackendContractTest {
    private static ResidentBackend backend;

    @Override
    protected Backend backend() {
        GpuAssumptions.assumeEmulator(); // skips with the reason when there is no C compiler
        if (backend == null) backend = ResidentBackend.emulated(false);
        return backend;
    }
}
