package io.rldt.cuda;

import org.junit.jupiter.api.Tag;

/** {@link ResidentBackendChecks} on a GPU ({@code cuda-device}; cuBLAS GEMM within float rounding). */
@Tag("gpu")
class CudaDeviceBackendTest extends ResidentBackendChecks {
    @Override
    protected ResidentBackend create() {
        GpuAssumptions.assumeCuda();
        return ResidentBackend.cuda(true);
    }

    @Override
    protected boolean exactGemm() {
        return false;
    }
}
