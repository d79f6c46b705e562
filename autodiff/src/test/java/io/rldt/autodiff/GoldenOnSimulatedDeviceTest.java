package io.rldt.autodiff;

import io.rldt.engine.Backend;
import io.rldt.engine.SimulatedDeviceBackend;

/** The PyTorch golden cases with the fixture, parameters and every op on the simulated device. */
class GoldenOnSimulatedDeviceTest extends GoldenTest {
    @Override
    protected Backend backend() {
        return new SimulatedDeviceBackend(false);
    }
}
