package io.rldt.cuda;

/** A CUDA, NVRTC or cuBLAS call failed, or CUDA is not usable here; the message names the call. */
public final class CudaException extends RuntimeException {
    /** The driver's {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    public static final int OUT_OF_MEMORY = 2;
    private final int code;

    public CudaException(String message) {
        this(message, 0);
    }

    /** @param code the driver's CUresult (0 when the failure is not a driver call's) */
    public CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
        this.code = cause instanceof CudaException c ? c.code : 0;
    }

    /** The driver's CUresult, or 0 when the failure is not a driver call's. */
    public int code() {
        return code;
    }
}
