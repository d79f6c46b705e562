package io.rldt.engine;

/**
 * The contract suite on the simulated device, made current so that the suite's {@code Tensor.zeros} outputs
 * live in device memory: each primitive then reads device operands and host ones (the suite fills inputs on
 * the host), and the suite's reads of results move them back, as counted implicit transfers.
 */
class SimulatedDeviceContractTest extends CurrentBackendContractTest {
    private final SimulatedDeviceBackend sim = new SimulatedDeviceBackend(false);

    @Override
    protected Backend backend() {
        return sim;
    }
}
