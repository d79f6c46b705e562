package io.rldt.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract suite with the backend made current for each test, so that the suite's {@code Tensor.zeros}
 * outputs are allocated where the backend allocates (a device backend's memory): each primitive then reads
 * device operands and host ones (the suite fills inputs on the host). {@link #backend()} must return the same
 * instance on every call.
 */
public abstract class CurrentBackendContractTest extends BackendContractTest {
    private Backend previous;

    @BeforeEach
    void makeCurrent() {
        previous = Backends.use(backend());
    }

    @AfterEach
    void restore() {
        Backends.use(previous);
    }
}
