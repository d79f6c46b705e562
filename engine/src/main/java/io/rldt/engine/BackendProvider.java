package io.rldt.engine;

/**
 * Service-provider hook for plug-in backends (ND4J, CUDA) found through {@link java.util.ServiceLoader}.
 * Register an implementation in {@code META-INF/services/io.rldt.engine.BackendProvider}.
 */
public interface BackendProvider {

    /** The name users select it by (config key {@code backend}), e.g. {@code "nd4j-cpu"}. */
    String name();

    /** Null when usable here, otherwise why not (missing native library, no device, ...). */
    String unavailableReason();

    /** Creates the backend; only called when {@link #unavailableReason()} is null. */
    Backend create();
}
