package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.CurrentBackendContractTest;

/**
 * nd4j-offheap against the contract, made current so that the suite's outputs live in its off-heap memory: calls
 * whose operands are all there run on ND4J in place, the others are staged (both routes are exercised; the
 * in-place routes on every shape by {@link Nd4jOffHeapBackendTest}).
 */
class Nd4jOffHeapContractTest extends CurrentBackendContractTest {
    private final Nd4jOffHeapBackend backend = new Nd4jOffHeapBackend();

    @Override
    protected Backend backend() {
        return backend;
    }
}
