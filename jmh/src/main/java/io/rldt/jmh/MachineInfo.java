package io.rldt.jmh;

import io.rldt.engine.Backends;
import io.rldt.engine.SimdBackend;

/** One line for result headers: JDK, processors, the Vector API's preferred float vector, backend probe. */
public final class MachineInfo {
    private MachineInfo() {}

    public static void main(String[] args) {
        String simd = Backends.simdUnavailableReason();
        System.out.println("JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, " + (simd == null ? "Vector API preferred float vector " + SimdBackend.vectorLength() * 32
                + " bits" : "jvm-simd unavailable: " + simd));
    }
}
