package io.rldt.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Counts every transfer between the heap and a {@link Device}, so that "one training iteration moves only its
 * inputs in and its metrics out" is a number a test can assert.
 *
 * <p>Explicit transfers are the ones the code announces: {@link Tensor#toDevice()}, {@link Tensor#toHost()},
 * and a tensor created on a device from host values ({@link Tensor#of}). Implicit ones are host reads or writes
 * of a device tensor's elements ({@link Tensor#data()}, {@link Tensor#get}, {@link Tensor#item()}, ...) and host
 * tensors handed to a device backend's primitive. Each implicit transfer is attributed to its call site (the
 * first stack frame outside {@code io.rldt.engine}), logged once per site, and on a {@link Device#strict()}
 * device it throws instead, naming that site.
 *
 * <p>The counters are process-wide; tests call {@link #reset()} before the code they measure.
 */
public final class Residency {
    private static final Logger LOG = Logger.getLogger(Residency.class.getName());
    private static final LongAdder EXPLICIT = new LongAdder(), IMPLICIT = new LongAdder(), FLOATS = new LongAdder();
    private static final Map<String, LongAdder> SITES = new ConcurrentHashMap<>(), EXPLICIT_SITES = new ConcurrentHashMap<>();
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final java.util.Set<String> PLUMBING = ConcurrentHashMap.newKeySet();

    private Residency() {}

    /**
     * The transfers since the last {@link #reset()}: counts, floats moved, and the call sites of implicit and of
     * explicit ones.
     */
    public record Counts(long explicit, long implicit, long floats, Map<String, Long> implicitSites,
                         Map<String, Long> explicitSites) {
        /** All transfers, explicit and implicit. */
        public long total() {
            return explicit + implicit;
        }

        /** One line per implicit call site, most frequent first: the to-do list of a device port. */
        public String sitesReport() {
            return report(implicitSites);
        }

        /** One line per explicit call site, most frequent first: what an iteration moves on purpose. */
        public String explicitReport() {
            return report(explicitSites);
        }

        private static String report(Map<String, Long> sites) {
            StringBuilder sb = new StringBuilder();
            sites.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> sb.append(String.format("%8d  %s%n", e.getValue(), e.getKey())));
            return sb.toString();
        }
    }

    /**
     * Frames of {@code type} are plumbing (a helper that only forwards to the backend): call sites are attributed
     * to its caller instead, like frames inside the engine.
     */
    public static void plumbing(Class<?> type) {
        PLUMBING.add(type.getName());
    }

    public static Counts counts() {
        Map<String, Long> sites = new TreeMap<>(), explicitSites = new TreeMap<>();
        SITES.forEach((k, v) -> sites.put(k, v.sum()));
        EXPLICIT_SITES.forEach((k, v) -> explicitSites.put(k, v.sum()));
        return new Counts(EXPLICIT.sum(), IMPLICIT.sum(), FLOATS.sum(), sites, explicitSites);
    }

    public static void reset() {
        EXPLICIT.reset();
        IMPLICIT.reset();
        FLOATS.reset();
        SITES.clear();
        EXPLICIT_SITES.clear();
    }

    static void toHost(Device device, int floats, boolean explicit) {
        record(device, floats, explicit, "reads a " + device.name() + " tensor's elements on the host",
                "move it with toHost() where the host really needs it, or use a backend primitive");
    }

    static void toDevice(Device device, int floats, boolean explicit) {
        record(device, floats, explicit, "hands a host tensor to a " + device.name() + " primitive",
                "create it on the device or move it with toDevice() once");
    }

    private static void record(Device device, int floats, boolean explicit, String what, String fix) {
        FLOATS.add(floats);
        if (explicit) {
            EXPLICIT.increment();
            EXPLICIT_SITES.computeIfAbsent(callSite(), k -> new LongAdder()).increment();
            return;
        }
        String site = callSite();
        if (device.strict()) {
            throw new IllegalStateException(site + " " + what + " (" + floats + " floats) on strict device "
                    + device.name() + ": " + fix);
        }
        IMPLICIT.increment();
        LongAdder n = SITES.computeIfAbsent(site, k -> {
            LOG.info(() -> "rldt " + device.name() + ": implicit transfer at " + k + " (counted; a strict device throws here)");
            return new LongAdder();
        });
        n.increment();
    }

    /** The first frame outside the engine package (the code that caused the transfer) and its caller. */
    static String callSite() {
        return WALKER.walk(frames -> {
            var outside = frames.filter(f -> (!f.getClassName().startsWith("io.rldt.engine.")
                            || f.getClassName().endsWith("Test")) && !PLUMBING.contains(f.getClassName()))
                    .limit(2).map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
                            + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                    .toList();
            return outside.isEmpty() ? "unknown" : String.join(" < ", outside);
        });
    }
}
