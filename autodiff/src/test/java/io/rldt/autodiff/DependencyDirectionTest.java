package io.rldt.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** autodiff depends on engine and the JDK only (style: module graph); a plain source scan keeps it honest. */
class DependencyDirectionTest {

    @Test
    void mainSourcesImportOnlyTheJdkEngineAndAutodiff() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> bad = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> l.startsWith("import "))
                            .filter(l -> !l.matches("import (static )?(java|javax|jdk)\\..*")
                                    && !l.matches("import (static )?io\\.rldt\\.(engine|autodiff)\\..*"))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), bad);
        }
    }
}
