package io.rldt.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Backends;
import org.junit.jupiter.api.Test;

/** Runs everywhere: without a GPU the provider reports one line and the selection error names it. */
class CudaUnavailableTest {
    @Test
    void reasonIsOneLineOrCudaWorks() {
        String why = Cuda.unavailableReason();
        if (why == null) {
            assertTrue(Backends.available().contains("cuda"));
            return;
        }
        assertFalse(why.isBlank());
        assertFalse(Backends.available().contains("cuda"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Backends.byName("cuda"));
        assertTrue(e.getMessage().contains("not usable here"), e.getMessage());
    }

    @Test
    void librarySearchDoesNotThrow() {
        CudaLibraries.searchPath();
        CudaLibraries.find(CudaLibraries.CUBLAS);
    }
}
