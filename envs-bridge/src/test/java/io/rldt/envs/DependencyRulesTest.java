package io.rldt.envs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** envs-bridge depends on the JDK only (style.md, module graph): main sources import nothing else. */
class DependencyRulesTest {

    @Test
    void mainSourcesImportOnlyTheJdkAndThisModule() throws IOException {
        Path root = Path.of("src/main/java");
        assertTrue(Files.isDirectory(root), "run from the module directory (Surefire does)");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    String l = line.strip();
                    if (!l.startsWith("import ")) continue;
                    String name = l.replaceFirst("^import\\s+(static\\s+)?", "");
                    if (!(name.startsWith("java.") || name.startsWith("io.rldt.envs."))) offending.add(p + ": " + l);
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
