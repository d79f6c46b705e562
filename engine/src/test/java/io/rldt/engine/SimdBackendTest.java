package io.rldt.engine;

/** The Vector API backend against the contract (two threads, so the parallel GEMM path runs too). */
class SimdBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return new SimdBackend(2);
    }
}
