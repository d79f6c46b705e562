package io.rldt.core.dataset;

import java.nio.file.Path;

/** A dataset file that cannot be used: names the file, the array (when one is at fault) and what was expected. */
public final class DatasetException extends IllegalArgumentException {
    private final transient Path file;
    private final String array;

    public DatasetException(Path file, String array, String problem) {
        super(file + (array == null ? "" : ": array '" + array + "'") + ": " + problem);
        this.file = file;
        this.array = array;
    }

    public DatasetException(Path file, String array, String problem, Throwable cause) {
        this(file, array, problem);
        initCause(cause);
    }

    public Path file() { return file; }

    /** The array at fault, or null when the whole file is. */
    public String array() { return array; }
}
