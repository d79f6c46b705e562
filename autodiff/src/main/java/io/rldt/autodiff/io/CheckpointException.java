package io.rldt.autodiff.io;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be used: the message names the file, the tensor (if any) and what was expected. */
public final class CheckpointException extends RuntimeException {
    private final Path file;
    private final String tensor;

    public CheckpointException(Path file, String tensor, String message) {
        super(file + (tensor != null ? ", tensor '" + tensor + "'" : "") + ": " + message);
        this.file = file;
        this.tensor = tensor;
    }

    public Path file() { return file; }

    /** The tensor concerned, or null for file-level problems. */
    public String tensor() { return tensor; }

    /** For callers that prefer checked exceptions. */
    public IOException asIOException() {
        return new IOException(getMessage(), this);
    }
}
