package io.rldt.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Chooses the backend once per process and logs the choice with its reason (the Lucene pattern).
 *
 * <p>Built in: {@code "jvm"} (the scalar reference) and any backend registered through
 * {@link BackendProvider}. The default is the fastest pure-JVM backend available; override it with the
 * system property {@code rldt.backend} or the environment variable {@code RLDT_BACKEND}, or call
 * {@link #use(Backend)} (tests, embedding).
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static volatile Backend current;

    private Backends() {}

    /** The process-wide backend, chosen on first use. */
    public static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                if (current == null) {
                    String wanted = System.getProperty("rldt.backend", System.getenv("RLDT_BACKEND"));
                    current = wanted == null || wanted.isBlank() ? defaultBackend() : byName(wanted);
                    LOG.info(() -> "rldt backend: " + current.name()
                            + (wanted == null || wanted.isBlank() ? " (default)" : " (requested " + wanted + ")"));
                }
                b = current;
            }
        }
        return b;
    }

    /** Replaces the process-wide backend (returns the previous one, possibly null if none was chosen yet). */
    public static synchronized Backend use(Backend backend) {
        Backend prev = current;
        current = backend;
        return prev;
    }

    /** All backend names that can be created here, in preference order. */
    public static List<String> available() {
        List<String> names = new ArrayList<>(builtIns().keySet());
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.unavailableReason() == null) names.add(p.name());
        }
        return names;
    }

    /** Creates the backend called {@code name}; the error lists the available names and why others are not. */
    public static Backend byName(String name) {
        Map<String, java.util.function.Supplier<Backend>> builtIns = builtIns();
        if (builtIns.containsKey(name)) return builtIns.get(name).get();
        StringBuilder why = new StringBuilder();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals(name)) {
                String reason = p.unavailableReason();
                if (reason == null) return p.create();
                throw new IllegalArgumentException("backend '" + name + "' is not usable here: " + reason);
            }
            why.append(", ").append(p.name());
        }
        throw new IllegalArgumentException("backend '" + name + "' is unknown; expected one of "
                + String.join(", ", builtIns.keySet()) + why);
    }

    private static Backend defaultBackend() {
        return builtIns().values().iterator().next().get();
    }

    /** Built-in backends, fastest first. */
    private static Map<String, java.util.function.Supplier<Backend>> builtIns() {
        Map<String, java.util.function.Supplier<Backend>> m = new LinkedHashMap<>();
        m.put("jvm", JvmBackend::new);
        return m;
    }
}
