package io.rldt.autodiff;

import io.rldt.cuda.ResidentBackend;
import io.rldt.engine.Backend;
import org.junit.jupiter.api.Assumptions;

/** The autodiff module's PyTorch golden cases on {@code cuda-emulated}: fixture, parameters and ops in its memory. */
class GoldenOnEmulatedDeviceTest extends GoldenTest {
    @Override
    protected Backend backend() {
        try {
            return ResidentBackend.emulated(false);
        } catch (IllegalStateException e) {
            Assumptions.abort("emulated-device test skipped: " + e.getMessage());
            return null;
        }
    }
}
