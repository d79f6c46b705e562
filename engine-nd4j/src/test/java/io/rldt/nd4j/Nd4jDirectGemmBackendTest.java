package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendContractTest;

/** nd4j-cpu with the default settings (direct GEMM) against the contract. */
class Nd4jDirectGemmBackendTest extends BackendContractTest {
    @Override protected Backend backend() { return new Nd4jBackend(); }
}
