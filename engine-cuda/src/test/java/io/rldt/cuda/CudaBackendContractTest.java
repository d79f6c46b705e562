package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendContractTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** The CUDA backend against the whole contract, every elementwise op on the device (threshold 0). */
@Tag("gpu")
class CudaBackendContractTest extends BackendContractTest {
    private static CudaBackend backend;

    @BeforeEach
    void needsCuda() {
        GpuAssumptions.assumeCuda();
    }

    @Override
    protected Backend backend() {
        if (backend == null) backend = new CudaBackend(0);
        return backend;
    }
}
