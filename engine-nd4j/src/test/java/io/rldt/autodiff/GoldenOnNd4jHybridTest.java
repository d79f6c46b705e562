package io.rldt.autodiff;

import io.rldt.engine.Backend;

/** The autodiff module's PyTorch golden cases on nd4j-hybrid. */
class GoldenOnNd4jHybridTest extends GoldenTest {
    @Override
    protected Backend backend() {
        return new io.rldt.nd4j.HybridNd4jBackend();
    }
}
