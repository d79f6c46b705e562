package io.rldt.cuda;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendProvider;

/** ServiceLoader entry for {@code "cuda"} ({@code -Drldt.backend=cuda}). */
public final class CudaBackendProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }
    @Override public String unavailableReason() { return Cuda.unavailableReason(); }
    @Override public Backend create() { return new CudaBackend(); }
}
