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
 * <p>Built in: {@code "jvm-simd"} ({@link SimdBackend}, needs {@code --add-modules jdk.incubator.vector}),
 * {@code "jvm"} (the scalar reference), and any backend registered through {@link BackendProvider}. The
 * default is {@code "jvm-simd"} when the Vector API can be used, else {@code "jvm"}, and the reason for the
 * fallback is logged once. Override it with the system property {@code rldt.backend} or the environment
 * variable {@code RLDT_BACKEND}, or call {@link #use(Backend)} (tests, embedding).
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
                    choosing = true;
                    String wanted = System.getProperty("rldt.backend", System.getenv("RLDT_BACKEND"));
                    try {
                        current = wanted == null || wanted.isBlank() ? defaultBackend() : byName(wanted);
                    } finally {
                        choosing = false;
                    }
                    String why = wanted == null || wanted.isBlank()
                            ? (SIMD_UNAVAILABLE == null ? " (default)" : " (default; jvm-simd unavailable: "
                                    + SIMD_UNAVAILABLE + ")")
                            : " (requested " + wanted + ")";
                    Backend chosen = current;
                    LOG.info(() -> "rldt backend: " + chosen.name() + why);
                }
                b = current;
            }
        }
        return b;
    }

    /**
     * The device new tensors are allocated on: the current backend's, or null for the heap. Chooses the backend
     * if none is chosen yet, except while the choice is being made (tensors a backend creates while it starts
     * stay on the heap instead of recursing into the choice).
     */
    static Device placement() {
        Backend b = current;
        if (b == null) {
            if (choosing && Thread.holdsLock(Backends.class)) return null; // others wait for the choice in current()
            b = current();
        }
        return b.device();
    }

    private static volatile boolean choosing;

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
        if (name.equals("jvm-simd")) {
            throw new IllegalArgumentException("backend 'jvm-simd' is not usable here: " + SIMD_UNAVAILABLE);
        }
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

    /** Null when {@code "jvm-simd"} can be used in this JVM, else why not. Probed once. */
    public static String simdUnavailableReason() {
        return SIMD_UNAVAILABLE;
    }

    private static final String SIMD_UNAVAILABLE = probeSimd();

    /**
     * Loads {@link SimdBackend} reflectively so that a JVM started without the incubator module fails here
     * (NoClassDefFoundError for jdk.incubator.vector classes) instead of where a backend is first used.
     */
    private static String probeSimd() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not present (start the JVM with --add-modules jdk.incubator.vector)";
        }
        try {
            Class<?> c = Class.forName("io.rldt.engine.SimdBackend");
            int lanes = (int) c.getMethod("vectorLength").invoke(null);
            return lanes >= 4 ? null : "the preferred float vector has only " + lanes + " lanes";
        } catch (java.lang.reflect.InvocationTargetException e) {
            return e.getCause().toString();
        } catch (ReflectiveOperationException | LinkageError e) {
            return e.toString();
        }
    }

    private static Backend newSimd() {
        try {
            return (Backend) Class.forName("io.rldt.engine.SimdBackend").getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create jvm-simd", e);
        }
    }

    /** Built-in backends usable here, fastest first. */
    private static Map<String, java.util.function.Supplier<Backend>> builtIns() {
        Map<String, java.util.function.Supplier<Backend>> m = new LinkedHashMap<>();
        if (SIMD_UNAVAILABLE == null) m.put("jvm-simd", Backends::newSimd);
        m.put("jvm", JvmBackend::new);
        m.put("sim-device", () -> new SimulatedDeviceBackend(false));
        m.put("sim-device-strict", () -> new SimulatedDeviceBackend(true));
        return m;
    }
}
