package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendContractTest;
import io.rldt.engine.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * nd4j-offheap against the contract, made current so that the suite's outputs live in its off-heap memory: calls
 * whose operands are all there run on ND4J in place, the others are staged (both routes are exercised; the
 * in-place routes on every shape by {@link Nd4jOffHeapBackendTest}).
 */
class Nd4jOffHeapContractTest extends BackendContractTest {
    private final Nd4jOffHeapBackend backend = new Nd4jOffHeapBackend();
    private Backend previous;

    @Override
    protected Backend backend() {
        return backend;
    }

    @BeforeEach
    void useDevice() {
        previous = Backends.use(backend);
    }

    @AfterEach
    void restore() {
        Backends.use(previous);
    }
}
