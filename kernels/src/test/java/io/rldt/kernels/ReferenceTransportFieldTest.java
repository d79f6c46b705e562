package io.rldt.kernels;

class ReferenceTransportFieldTest extends TransportFieldContract {
    @Override
    TransportField newField() {
        return new ReferenceTransportField();
    }
}
