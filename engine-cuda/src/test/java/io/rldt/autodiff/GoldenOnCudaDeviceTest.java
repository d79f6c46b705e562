package io.rldt.autodiff;

import io.rldt.cuda.CudaException;
import io.rldt.cuda.ResidentBackend;
import io.rldt.engine.Backend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;

/** The autodiff module's PyTorch golden cases on {@code cuda-device}: fixture, parameters and ops in GPU memory. */
@Tag("gpu")
class GoldenOnCudaDeviceTest extends GoldenTest {
    @Override
    protected Backend backend() {
        try {
            return ResidentBackend.cuda(false);
        } catch (CudaException e) {
            Assumptions.abort("GPU test skipped: " + e.getMessage());
            return null;
        }
    }
}
