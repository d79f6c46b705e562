package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendProvider;

/** ServiceLoader entry for {@code "cuda-device"} ({@code -Drldt.backend=cuda-device}): tensors resident on the GPU. */
public final class CudaDeviceProvider implements BackendProvider {
    @Override public String name() { return "cuda-device"; }
    @Override
    public String unavailableReason() {
        String why = Cuda.unavailableReason();
        if (why != null) return why;
        try {
            CudaRuntime.get(); // compiles the device source with NVRTC for this GPU (once per process)
            return null;
        } catch (CudaException e) {
            return e.getMessage();
        }
    }
    @Override public Backend create() { return ResidentBackend.cuda(false); }
}
