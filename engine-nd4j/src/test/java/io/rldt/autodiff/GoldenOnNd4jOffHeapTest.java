package io.rldt.autodiff;

import io.rldt.engine.Backend;

/** The autodiff module's PyTorch golden cases on nd4j-offheap (its off-heap memory). */
class GoldenOnNd4jOffHeapTest extends GoldenTest {
    @Override
    protected Backend backend() {
        return new io.rldt.nd4j.Nd4jOffHeapBackend();
    }
}
