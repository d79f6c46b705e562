package io.rldt.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Backends;
import io.rldt.engine.Tensor;
import org.junit.jupiter.api.Test;

/** ServiceLoader discovery and selection by name, as {@code -Drldt.backend=nd4j-cpu} does. */
class Nd4jProvidersTest {
    @Test
    void bothBackendsAreDiscoveredAndCreatedByName() {
        assertTrue(Backends.available().contains("nd4j-cpu"), Backends.available().toString());
        assertTrue(Backends.available().contains("nd4j-hybrid"), Backends.available().toString());
        assertInstanceOf(Nd4jBackend.class, Backends.byName("nd4j-cpu"));
        HybridNd4jBackend h = assertInstanceOf(HybridNd4jBackend.class, Backends.byName("nd4j-hybrid"));
        assertEquals(Backends.simdUnavailableReason() == null ? "jvm-simd" : "jvm", h.jvm().name());
    }

    @Test
    void autoGemmModeGivesTheSameProductBothSidesOfItsSwitch() {
        // 1100x1000x1000: above the DIRECT limit of 2^21 operand floats, so AUTO stages it.
        Nd4jBackend auto = new Nd4jBackend(), direct = new Nd4jBackend(Nd4jBackend.GemmMode.DIRECT, 0, 0);
        Tensor a = Nd4jTiming.rand(1, 1100, 1000), b = Nd4jTiming.rand(2, 1000, 1000);
        Tensor x = Tensor.zeros(1100, 1000), y = Tensor.zeros(1100, 1000);
        auto.matmul(a, false, b, false, x, false);
        direct.matmul(a, false, b, false, y, false);
        for (int i = 0; i < x.size(); i++) assertEquals(y.data()[i], x.data()[i], 1e-3f, "element " + i);
    }
}
