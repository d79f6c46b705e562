package io.rldt.cuda;

/** {@link ResidentBackendChecks} on the emulated device (the kernels compiled for the CPU; GEMM sums in double). */
class EmulatedDeviceBackendTest extends ResidentBackendChecks {
    @Override
    protected ResidentBackend create() {
        GpuAssumptions.assumeEmulator();
        return ResidentBackend.emulated(true);
    }

    @Override
    protected boolean exactGemm() {
        return true;
    }
}
