package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.CurrentBackendContractTest;
import org.junit.jupiter.api.Tag;

/** The backend contract on {@code cuda-device}, made current so that the suite's outputs live in GPU memory. */
@Tag("gpu")
class CudaDeviceContractTest extends CurrentBackendContractTest {
    private static ResidentBackend backend;

    @Override
    protected Backend backend() {
        GpuAssumptions.assumeCuda();
        if (backend == null) backend = ResidentBackend.cuda(false);
        return backend;
    }
}
