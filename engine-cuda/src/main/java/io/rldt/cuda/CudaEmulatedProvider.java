package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendProvider;

/**
 * ServiceLoader entry for {@code "cuda-emulated"} ({@code -Drldt.backend=cuda-emulated}): the device backend with
 * its kernels compiled for the CPU, to check the device port where there is no GPU (slow; needs a C compiler).
 */
public final class CudaEmulatedProvider implements BackendProvider {
    @Override public String name() { return "cuda-emulated"; }
    @Override public String unavailableReason() { return EmulatedRuntime.unavailableReason(); }
    @Override public Backend create() { return ResidentBackend.emulated(false); }
}
