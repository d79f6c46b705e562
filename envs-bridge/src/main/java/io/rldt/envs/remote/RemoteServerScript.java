package io.rldt.envs.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bundled {@code rldt_env_server.py}. It travels inside the jar as a resource, so a launch first copies it
 * to a file Python can run; {@link #copyTo} gives users the same script for a server they start themselves.
 */
public final class RemoteServerScript {
    static final String RESOURCE = "rldt_env_server.py";

    private RemoteServerScript() {}

    private static final class Extracted {  // lazy holder: extract at most once per JVM
        static final Path PATH = extract();

        private static Path extract() {
            try {
                Path p = Files.createTempFile("rldt_env_server", ".py");
                p.toFile().deleteOnExit();
                return copyTo(p);
            } catch (IOException e) {
                throw new UncheckedIOException("could not extract " + RESOURCE + " to a temporary file", e);
            }
        }
    }

    /** A temporary copy of the bundled server, made on first use and deleted when the JVM exits. */
    public static Path path() { return Extracted.PATH; }

    /** Copies the bundled server to {@code target} (replacing it) and returns {@code target}. */
    public static Path copyTo(Path target) throws IOException {
        try (InputStream in = RemoteServerScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IOException("resource " + RESOURCE + " is missing from the classpath");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
