package io.rldt.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module graph of the style guide honest by reading every main source file's imports:
 * <pre>
 * engine      ← autodiff, kernels, engine-nd4j
 * envs-bridge   (nothing in the project)
 * rldt        → engine, autodiff, kernels, envs-bridge
 * engine-nd4j → engine (plug-in, found through ServiceLoader; nothing depends on it)
 * engine-cuda → engine, kernels (plug-in, likewise)
 * </pre>
 * and no third-party imports in engine, autodiff, kernels or envs-bridge (JDK only).
 */
class ArchitectureTest {
    /** Project packages each module's main code may import (besides its own). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "engine", Set.of(),
            "autodiff", Set.of("engine"),
            "kernels", Set.of("engine"),
            "envs-bridge", Set.of(),
            "rldt", Set.of("engine", "autodiff", "kernels", "envs"),
            "engine-nd4j", Set.of("engine"),
            "engine-cuda", Set.of("engine", "kernels"));
    private static final Map<String, String> OWN_PACKAGE = Map.of(
            "engine", "engine", "autodiff", "autodiff", "kernels", "kernels", "envs-bridge", "envs", "rldt", "core",
            "engine-nd4j", "nd4j", "engine-cuda", "cuda");
    private static final Set<String> JDK_ONLY = Set.of("engine", "autodiff", "kernels", "envs-bridge");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("engine/pom.xml"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        return p;
    }

    @Test
    void module_imports_follow_the_graph() throws IOException {
        Path root = repoRoot();
        List<String> violations = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) continue;
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
                    Matcher m = IMPORT.matcher(Files.readString(f));
                    while (m.find()) {
                        String imp = m.group(1);
                        String why = check(module, imp);
                        if (why != null) violations.add(root.relativize(f) + ": import " + imp + " (" + why + ")");
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), "module graph violations:\n" + String.join("\n", violations));
    }

    private static String check(String module, String imp) {
        if (imp.startsWith("io.rldt.")) {
            String pkg = imp.substring("io.rldt.".length()).split("\\.")[0];
            if (pkg.equals(OWN_PACKAGE.get(module))) return null;
            return ALLOWED.get(module).contains(pkg) ? null : module + " may not depend on io.rldt." + pkg;
        }
        if (JDK_ONLY.contains(module) && !(imp.startsWith("java.") || imp.startsWith("javax.") || imp.startsWith("jdk."))) {
            return module + " must depend on the JDK only";
        }
        return null;
    }
}
