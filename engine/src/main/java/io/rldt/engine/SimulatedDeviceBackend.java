package io.rldt.engine;

/**
 * A device that is not there: tensors live in off-heap native memory, and every primitive runs the
 * {@link JvmBackend reference} on private copies, as a GPU kernel would run on device memory
 * ({@link OffHeapBackend} with nothing overridden). It exists to prove residency without a GPU: with
 * {@code strict}, any host access to a device tensor that the code did not announce ({@link Tensor#toHost()}),
 * and any host tensor handed to a primitive, throws with its call site ({@link Residency}); without it, those
 * transfers happen and are counted per call site. Results are bit-identical to {@code "jvm"}, so a run on it can
 * be compared with a run on the reference element for element.
 *
 * <p>Names {@code "sim-device"} (counting) and {@code "sim-device-strict"}. Slow by design (two copies per
 * operand per call); meant for tests and for finding the host accesses a device port must remove.
 */
public final class SimulatedDeviceBackend extends OffHeapBackend {
    public SimulatedDeviceBackend(boolean strict) {
        super(strict ? "sim-device-strict" : "sim-device", strict);
    }
}
