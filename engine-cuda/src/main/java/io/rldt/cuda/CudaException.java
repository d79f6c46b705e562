package io.rldt.cuda;

/** A CUDA, NVRTC or cuBLAS call failed, or CUDA is not usable here; the message names the call. */
public final class CudaException extends RuntimeException {
    public CudaException(String message) {
        super(message);
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
    }
}
