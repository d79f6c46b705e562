package io.rldt.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Style "module graph": kernels' main code imports only the JDK and {@code io.rldt.engine}. */
class ModuleBoundaryTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void mainSourcesImportOnlyTheJdkAndEngine() throws IOException {
        Path main = Path.of("src/main/java"); // surefire runs in the module directory
        assertTrue(Files.isDirectory(main), "expected to run from kernels/, cwd is " + Path.of("").toAbsolutePath());
        List<String> bad;
        try (Stream<Path> files = Files.walk(main)) {
            bad = files.filter(p -> p.toString().endsWith(".java")).flatMap(ModuleBoundaryTest::imports)
                    .filter(i -> !(i.startsWith("java.") || i.startsWith("jdk.incubator.vector.")
                            || i.startsWith("io.rldt.engine.") || i.startsWith("io.rldt.kernels.")))
                    .toList();
        }
        assertEquals(List.of(), bad, "imports outside the JDK and engine");
    }

    private static Stream<String> imports(Path file) {
        try {
            Matcher m = IMPORT.matcher(Files.readString(file));
            Stream.Builder<String> out = Stream.builder();
            while (m.find()) out.add(m.group(2));
            return out.build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
