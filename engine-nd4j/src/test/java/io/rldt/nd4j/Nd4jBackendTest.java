package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendContractTest;

/** nd4j-cpu against the contract with every elementwise op on ND4J (threshold 0) and staged GEMM. */
class Nd4jBackendTest extends BackendContractTest {
    @Override protected Backend backend() { return new Nd4jBackend(Nd4jBackend.GemmMode.STAGED, 0, 0); }
}
