package io.rldt.kernels;

import io.rldt.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Style principle 6: once warmed up (C2 has scalarised the vectors), a call allocates nothing. */
class FastTransportFieldAllocationTest {

    @Test
    void warmCallsDoNotAllocate() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs com.sun.management.ThreadMXBean for per-thread allocation counts");
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off in this JVM");
        FieldData data = FieldData.random(9, 16, 8, 8, 24);
        Tensor phi = Tensor.zeros(16, 8, 24);
        FieldStats stats = new FieldStats();
        SvgdOptions opts = SvgdOptions.defaults();
        try (FastTransportField fast = new FastTransportField(1)) {
            // Until C2 compiles the loops, the Vector API boxes every vector: warm up well past that point.
            for (int i = 0; i < 20_000; i++) fast.compute(data.queries, data.centres, data.gradients, opts, phi, stats);
            int calls = 1000;
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) fast.compute(data.queries, data.centres, data.gradients, opts, phi, stats);
            long perCall = (mx.getCurrentThreadAllocatedBytes() - before) / calls;
            // A few bytes of slack for a stray deoptimisation; any real per-call buffer would be far above it.
            assertTrue(perCall < 16, "a warm compute() allocated " + perCall + " bytes per call");
        }
    }
}
