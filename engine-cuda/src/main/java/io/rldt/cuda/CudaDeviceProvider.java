package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendProvider;

/** ServiceLoader entry for {@code "cuda-device"} ({@code -Drldt.backend=cuda-device}): tensors resident on the GPU. */
public final class CudaDeviceProvider implements BackendProvider {
    @Override public String name() { return "cuda-device"; }
    @Override public String unavailableReason() { return Cuda.unavailableReason(); }
    @Override public Backend create() { return ResidentBackend.cuda(false); }
}
