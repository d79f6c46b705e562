package io.rldt.nd4j;

import java.util.logging.Logger;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J's native runtime once and sets its thread counts.
 *
 * <p>Threads: {@code rldt.nd4j.threads} if set, else {@code OMP_NUM_THREADS} if set, else 1. One thread is the
 * default because on a 2-core machine with a busy neighbour ND4J's OpenMP team of 2 stalls for milliseconds per
 * call (spin-wait on a descheduled thread); large GEMMs can ask for more explicitly.
 */
final class Nd4jRuntime {
    private static final Logger LOG = Logger.getLogger(Nd4jRuntime.class.getName());
    private static volatile boolean loaded;

    private Nd4jRuntime() {}

    static int configuredThreads() {
        Integer p = Integer.getInteger("rldt.nd4j.threads");
        if (p != null) return Math.max(1, p);
        String env = System.getenv("OMP_NUM_THREADS");
        if (env != null) {
            try {
                return Math.max(1, Integer.parseInt(env.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return 1;
    }

    static synchronized void ensureLoaded() {
        if (loaded) return;
        int threads = configuredThreads();
        Nd4j.getBackend(); // loads libnd4jcpu and OpenBLAS
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        loaded = true;
        LOG.info(() -> "nd4j-cpu: ND4J " + Nd4j.getBackend().getClass().getSimpleName() + ", threads=" + threads);
    }

    /** Null when ND4J's native code loads here, else why not. */
    static String probe() {
        try {
            ensureLoaded();
            return null;
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError, ...
            Throwable root = t;
            while (root.getCause() != null) root = root.getCause();
            return "ND4J native runtime did not load: " + root;
        }
    }
}
