package io.rldt.kernels;

/** The contract on the fast field with two threads, so that the split path is exercised too. */
class FastTransportFieldTest extends TransportFieldContract {
    @Override
    TransportField newField() {
        return new FastTransportField(2);
    }
}
