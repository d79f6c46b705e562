package io.rldt.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the CUDA shared libraries at run time. The driver ({@code libcuda.so.1}) comes from the system loader
 * path; NVRTC and cuBLAS are searched for, in order:
 * <ol>
 *   <li>{@code RLDT_CUDA_LIB_PATH} (environment) or {@code rldt.cuda.libPath} (system property): a
 *       colon-separated list of directories;</li>
 *   <li>{@code LD_LIBRARY_PATH};</li>
 *   <li>Python site-packages {@code nvidia/**}{@code /lib} directories (the {@code nvidia-cublas},
 *       {@code nvidia-cuda-nvrtc}, ... pip wheels that PyTorch installs) under /usr/local/lib, /usr/lib,
 *       /opt/conda, ~/.local and venvs under /opt, /venv, ~/.venv, ~/venv, conda;</li>
 *   <li>{@code /usr/local/cuda*}{@code /lib64}, {@code /usr/local/cuda*}{@code /targets/x86_64-linux/lib},
 *       {@code /usr/lib/x86_64-linux-gnu};</li>
 *   <li>{@code ldconfig -p}.</li>
 * </ol>
 * Within a directory the highest major version wins ({@code libcublas.so.13} over {@code .so.12}).
 */
public final class CudaLibraries {
    private CudaLibraries() {}

    /** {@code libnvrtc.so.N} (not the builtins library). */
    public static final Pattern NVRTC = Pattern.compile("libnvrtc\\.so\\.\\d+(\\.\\d+)*");
    /** {@code libcublas.so.N} (not cublasLt). */
    public static final Pattern CUBLAS = Pattern.compile("libcublas\\.so\\.\\d+(\\.\\d+)*");
    /** {@code libcublasLt.so.N}: loaded first so that cuBLAS finds it by soname. */
    public static final Pattern CUBLAS_LT = Pattern.compile("libcublasLt\\.so\\.\\d+(\\.\\d+)*");
    /** {@code libnvrtc-builtins.so.N.M}: NVRTC dlopens it by name at compile time. */
    public static final Pattern NVRTC_BUILTINS = Pattern.compile("libnvrtc-builtins\\.so\\.\\d+(\\.\\d+)*");

    /** The directories searched, in order, without duplicates; only existing ones. */
    public static List<Path> searchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String override = System.getProperty("rldt.cuda.libPath", System.getenv("RLDT_CUDA_LIB_PATH"));
        split(override, dirs);
        split(System.getenv("LD_LIBRARY_PATH"), dirs);
        String home = System.getProperty("user.home", "/root");
        for (String root : List.of("/usr/local/lib", "/usr/lib", "/opt/conda/lib", home + "/.local/lib", "/opt",
                home + "/.venv", home + "/venv", home + "/miniconda3", home + "/anaconda3", "/venv", "/workspace")) {
            for (Path nv : findNvidiaPackages(Path.of(root))) nvidiaLibDirs(nv, dirs);
        }
        for (Path cuda : glob(Path.of("/usr/local"), "cuda*")) {
            dirs.add(cuda.resolve("lib64"));
            dirs.add(cuda.resolve("targets/x86_64-linux/lib"));
        }
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        dirs.add(Path.of("/usr/lib64"));
        dirs.addAll(ldconfigDirs());
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) if (Files.isDirectory(d)) out.add(d);
        return out;
    }

    /** The first library matching {@code name} in {@link #searchPath()}, highest version per directory. */
    public static Optional<Path> find(Pattern name) {
        for (Path dir : searchPath()) {
            Optional<Path> hit = inDir(dir, name);
            if (hit.isPresent()) return hit;
        }
        return Optional.empty();
    }

    /** The best match of {@code name} directly in {@code dir}. */
    public static Optional<Path> inDir(Path dir, Pattern name) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .max(Comparator.comparing((Path p) -> versionKey(p.getFileName().toString())));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A sortable key: the numbers after ".so." zero-padded. */
    private static String versionKey(String file) {
        int i = file.indexOf(".so.");
        StringBuilder k = new StringBuilder();
        for (String part : file.substring(i + 4).split("\\.")) {
            k.append(String.format("%06d", part.matches("\\d+") ? Integer.parseInt(part) : 0));
        }
        return k.toString();
    }

    private static void split(String path, Set<Path> into) {
        if (path == null || path.isBlank()) return;
        for (String p : path.split(":")) if (!p.isBlank()) into.add(Path.of(p.trim()));
    }

    /** {@code site-packages/nvidia} or {@code dist-packages/nvidia} directories up to a few levels below root. */
    private static List<Path> findNvidiaPackages(Path root) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.find(root, 6, (p, a) -> a.isDirectory()
                && p.getFileName() != null && p.getFileName().toString().equals("nvidia")
                && p.getParent() != null && p.getParent().getFileName() != null
                && p.getParent().getFileName().toString().endsWith("-packages"))) {
            return s.sorted().toList();
        } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
            return List.of();
        }
    }

    /** {@code nvidia/<pkg>/lib} and {@code nvidia/cu13/lib}-style directories. */
    private static void nvidiaLibDirs(Path nvidia, Set<Path> into) {
        try (Stream<Path> s = Files.find(nvidia, 3, (p, a) -> a.isDirectory() && p.getFileName().toString().equals("lib"))) {
            s.sorted(Comparator.reverseOrder()).forEach(into::add); // cu13 before cu12
        } catch (IOException | java.io.UncheckedIOException | SecurityException ignored) {
            // unreadable: skip
        }
    }

    private static List<Path> glob(Path dir, String pattern) {
        if (!Files.isDirectory(dir)) return List.of();
        try (var ds = Files.newDirectoryStream(dir, pattern)) {
            List<Path> l = new ArrayList<>();
            ds.forEach(l::add);
            l.sort(Comparator.reverseOrder());
            return l;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Path> ldconfigDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String exe : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process p = new ProcessBuilder(exe, "-p").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                p.waitFor();
                for (String line : out.split("\n")) {
                    int arrow = line.indexOf("=> ");
                    if (arrow > 0 && (line.contains("libcublas") || line.contains("libnvrtc"))) {
                        Path parent = Path.of(line.substring(arrow + 3).trim()).getParent();
                        if (parent != null) dirs.add(parent);
                    }
                }
                break;
            } catch (IOException e) {
                // try the next location
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new ArrayList<>(dirs);
    }
}
