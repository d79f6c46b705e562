package io.rldt.core.train;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The heap's high-water mark since the last call: the sum of the heap pools' peak usage (an upper bound: the
 * pools may peak at different moments), then the peaks are reset. Logged per iteration as {@code mem/peak_heap_mb} (it depends on the JVM and the collector, so like
 * {@code time/*} it is never compared between reruns).
 */
final class PeakHeap {
    private PeakHeap() {}

    static double takeMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !pool.isValid()) continue;
            peak += pool.getPeakUsage().getUsed();
            pool.resetPeakUsage();
        }
        return peak / (1024.0 * 1024.0);
    }
}
