package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendContractTest;

/** nd4j-cpu with the default settings (AUTO GEMM: direct on small, staged on large products) against the contract. */
class Nd4jDefaultBackendTest extends BackendContractTest {
    @Override protected Backend backend() { return new Nd4jBackend(); }
}
