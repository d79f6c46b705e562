package io.rldt.nd4j;

import io.rldt.engine.Backend;
import io.rldt.engine.BackendProvider;

/**
 * ServiceLoader entry points: {@code nd4j-cpu}, {@code nd4j-hybrid} and {@code nd4j-offheap} (select with
 * {@code -Drldt.backend=...}).
 */
public final class Nd4jBackendProviders {
    private Nd4jBackendProviders() {}

    /** {@code nd4j-cpu}: {@link Nd4jBackend}. */
    public static final class Cpu implements BackendProvider {
        @Override public String name() { return "nd4j-cpu"; }
        @Override public String unavailableReason() { return Nd4jRuntime.probe(); }
        @Override public Backend create() { return new Nd4jBackend(); }
    }

    /** {@code nd4j-hybrid}: {@link HybridNd4jBackend}. */
    public static final class Hybrid implements BackendProvider {
        @Override public String name() { return "nd4j-hybrid"; }
        @Override public String unavailableReason() { return Nd4jRuntime.probe(); }
        @Override public Backend create() { return new HybridNd4jBackend(); }
    }

    /** {@code nd4j-offheap}: {@link Nd4jOffHeapBackend}. */
    public static final class OffHeap implements BackendProvider {
        @Override public String name() { return "nd4j-offheap"; }
        @Override public String unavailableReason() { return Nd4jRuntime.probe(); }
        @Override public Backend create() { return new Nd4jOffHeapBackend(); }
    }
}
