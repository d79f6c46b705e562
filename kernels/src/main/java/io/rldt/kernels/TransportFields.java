package io.rldt.kernels;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * Picks the transport-field implementation once per process and logs the choice with its reason (the Lucene
 * vectorization pattern): {@link FastTransportField} when the {@code jdk.incubator.vector} module is present,
 * else {@link ReferenceTransportField}. Override with the system property {@code rldt.kernels.field} =
 * {@code fast} | {@code reference}.
 */
public final class TransportFields {
    private static final Logger LOG = Logger.getLogger(TransportFields.class.getName());
    /** Why the choice was made; computed and logged once. */
    private static final Choice CHOICE = choose();

    private TransportFields() {}

    private record Choice(boolean fast, String reason) {}

    /**
     * A new field of the chosen kind; {@code threads} is ignored by the reference implementation. On tensors that
     * live on a device it runs as that backend's kernel ({@link ResidentTransportField}).
     */
    public static TransportField create(int threads) {
        return resident(CHOICE.fast ? new FastTransportField(threads) : new ReferenceTransportField());
    }

    /**
     * {@code field} as {@link #create} wraps the chosen one: itself on heap tensors, the backend's {@code svgd_field}
     * kernel (with {@code field} as its host body) on device tensors. For comparing a device's field with a given
     * host field, e.g. the reference.
     */
    public static TransportField resident(TransportField field) {
        return new ResidentTransportField(field);
    }

    /** The reason logged for the choice, e.g. for a run's metadata. */
    public static String choiceReason() {
        return CHOICE.reason;
    }

    private static Choice choose() {
        String wanted = System.getProperty("rldt.kernels.field", "").trim().toLowerCase(Locale.ROOT);
        boolean vectorPresent = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        Choice c;
        if (wanted.equals("reference")) {
            c = new Choice(false, "reference (requested by rldt.kernels.field)");
        } else if (!wanted.isEmpty() && !wanted.equals("fast")) {
            throw new IllegalArgumentException("rldt.kernels.field = '" + wanted + "': expected fast or reference");
        } else if (!vectorPresent) {
            c = new Choice(false, "reference (jdk.incubator.vector is not loaded; start the JVM with "
                    + "--add-modules jdk.incubator.vector for the fast field)");
        } else {
            c = new Choice(true, "fast, " + FastTransportField.SPECIES.vectorBitSize() + "-bit vectors"
                    + (wanted.isEmpty() ? " (default)" : " (requested by rldt.kernels.field)"));
        }
        LOG.info(() -> "rldt transport field: " + c.reason);
        return c;
    }
}
