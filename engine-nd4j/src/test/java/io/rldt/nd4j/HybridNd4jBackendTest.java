package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendContractTest;
import io.rldt.engine.JvmBackend;

/** nd4j-hybrid against the contract, with small thresholds so all three routes (small, middle, large) run on the suite's sizes. */
class HybridNd4jBackendTest extends BackendContractTest {
    @Override protected Backend backend() { return new HybridNd4jBackend(new JvmBackend(), new Nd4jBackend(Nd4jBackend.GemmMode.DIRECT, 0, 0), 4096, 64, 100); }
}
