package io.rldt.engine;

/** The reference backend against the contract. */
class JvmBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return new JvmBackend();
    }
}
