package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendContractTest;
import io.rldt.engine.JvmBackend;

/** nd4j-hybrid against the contract, with a tiny threshold so both routes run on the suite's sizes. */
class HybridNd4jBackendTest extends BackendContractTest {
    @Override protected Backend backend() { return new HybridNd4jBackend(new JvmBackend(), new Nd4jBackend(), 64); }
}
