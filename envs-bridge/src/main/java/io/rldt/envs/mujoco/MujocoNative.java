package io.rldt.envs.mujoco;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Every native call into MuJoCo goes through this class (FFM, {@code java.lang.foreign}).
 *
 * <p>The library is loaded once, by its SONAME {@value #DEFAULT_LIBRARY} (Debian's runtime package ships no
 * unversioned symlink); the environment variable {@value #LIBRARY_ENV} overrides it with a name or a path.
 * Loading also checks the struct layout table ({@link MjLayout}) against {@code mj_version()}. When anything
 * fails, {@link #isAvailable()} is false and {@link #unavailableReason()} says why; nothing throws at class
 * initialisation.
 *
 * <p><b>Error handling.</b> MuJoCo's default handlers write {@code MUJOCO_LOG.TXT} into the working directory, and
 * the default fatal-error handler prints "Press Enter to exit", blocks on stdin and then exits. This class sets
 * the global function pointers {@code mju_user_warning} and {@code mju_user_error} to Java upcalls at load time:
 * <ul>
 *   <li>warnings are recorded per thread (MuJoCo calls the handler on the thread running {@code mj_step}) and
 *       drained by the env after each step ({@link #drainWarnings()});</li>
 *   <li>a fatal error cannot be recovered from Java: an upcall that throws kills the JVM, and one that returns
 *       lets MuJoCo continue on a corrupt state. The upcall therefore prints the message to stderr and halts the
 *       JVM at once with {@link Runtime#halt(int)} and exit status {@value #FATAL_EXIT_STATUS} (no shutdown
 *       hooks run). Recovering would need a small C shim with setjmp/longjmp, which is not provided.</li>
 * </ul>
 * In normal use fatal errors do not happen: model-compilation problems are returned by {@code mj_loadXML}
 * as an error string, and bad numbers during simulation are warnings.
 */
@SuppressWarnings("restricted") // the only class that uses restricted FFM methods; see --enable-native-access
public final class MujocoNative {
    /** The SONAME loaded by default. */
    public static final String DEFAULT_LIBRARY = "libmujoco.so.2.2.2";
    /** Environment variable naming another library file or path to load instead. */
    public static final String LIBRARY_ENV = "RLDT_MUJOCO_LIB";
    /** Exit status of the JVM when MuJoCo reports a fatal error. */
    public static final int FATAL_EXIT_STATUS = 87;

    private static final int MAX_WARNINGS_KEPT = 32;
    private static final ThreadLocal<List<String>> WARNINGS = ThreadLocal.withInitial(ArrayList::new);

    private static final String REASON;
    private static final MjLayout LAYOUT;
    private static final int VERSION;
    private static final MethodHandle LOAD_XML, MAKE_DATA, DELETE_DATA, DELETE_MODEL, STEP, FORWARD,
            RESET_DATA, ERROR_FN;

    static {
        String reason = null;
        MjLayout layout = null;
        int version = -1;
        MethodHandle loadXml = null, makeData = null, deleteData = null, deleteModel = null, step = null,
                forward = null, resetData = null, versionFn = null, errorFn = null;
        String lib = Optional.ofNullable(System.getenv(LIBRARY_ENV)).filter(s -> !s.isBlank()).orElse(DEFAULT_LIBRARY);
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = SymbolLookup.libraryLookup(lib, Arena.global());
            loadXml = down(linker, lookup, "mj_loadXML", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
            makeData = down(linker, lookup, "mj_makeData", FunctionDescriptor.of(ADDRESS, ADDRESS));
            deleteData = down(linker, lookup, "mj_deleteData", FunctionDescriptor.ofVoid(ADDRESS));
            deleteModel = down(linker, lookup, "mj_deleteModel", FunctionDescriptor.ofVoid(ADDRESS));
            step = down(linker, lookup, "mj_step", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
            forward = down(linker, lookup, "mj_forward", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
            resetData = down(linker, lookup, "mj_resetData", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
            versionFn = down(linker, lookup, "mj_version", FunctionDescriptor.of(JAVA_INT));
            errorFn = down(linker, lookup, "mju_error", FunctionDescriptor.ofVoid(ADDRESS));
            version = (int) versionFn.invokeExact();
            layout = MjLayout.load();
            if (layout.version() != version) {
                reason = "the struct layout table is for MuJoCo " + layout.version() + " but " + lib + " reports "
                        + version + "; regenerate it with envs-bridge/tools/mjlayout.c";
            } else {
                installHandlers(linker, lookup); // before any model is loaded or stepped
            }
        } catch (IllegalArgumentException e) {
            reason = "cannot load " + lib + " (" + e.getMessage() + "); install libmujoco2.2.2 or set " + LIBRARY_ENV;
        } catch (Throwable t) {
            reason = "cannot initialise MuJoCo from " + lib + ": " + t;
        }
        REASON = reason;
        LAYOUT = layout;
        VERSION = version;
        LOAD_XML = loadXml; MAKE_DATA = makeData; DELETE_DATA = deleteData; DELETE_MODEL = deleteModel;
        STEP = step; FORWARD = forward; RESET_DATA = resetData; ERROR_FN = errorFn;
    }

    private MujocoNative() {}

    private static MethodHandle down(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment addr = lookup.find(name).orElseThrow(() -> new IllegalArgumentException("symbol " + name + " not found"));
        return linker.downcallHandle(addr, fd);
    }

    private static void installHandlers(Linker linker, SymbolLookup lookup) throws ReflectiveOperationException {
        FunctionDescriptor handler = FunctionDescriptor.ofVoid(ADDRESS);
        MethodType type = MethodType.methodType(void.class, MemorySegment.class);
        MemorySegment onWarning = linker.upcallStub(
                MethodHandles.lookup().findStatic(MujocoNative.class, "onWarning", type), handler, Arena.global());
        MemorySegment onError = linker.upcallStub(
                MethodHandles.lookup().findStatic(MujocoNative.class, "onError", type), handler, Arena.global());
        globalPointer(lookup, "mju_user_warning").set(ADDRESS, 0, onWarning);
        globalPointer(lookup, "mju_user_error").set(ADDRESS, 0, onError);
    }

    private static MemorySegment globalPointer(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalArgumentException("symbol " + name + " not found"))
                .reinterpret(ADDRESS.byteSize());
    }

    /** Upcall for {@code mju_user_warning}: must not throw. */
    private static void onWarning(MemorySegment message) {
        try {
            List<String> list = WARNINGS.get();
            if (list.size() < MAX_WARNINGS_KEPT) list.add(cString(message));
        } catch (Throwable ignored) {
            // an exception escaping an upcall kills the JVM; losing one message is harmless
        }
    }

    /** Upcall for {@code mju_user_error}: MuJoCo cannot continue, so print and halt (see class comment). */
    private static void onError(MemorySegment message) {
        String text;
        try {
            text = cString(message);
        } catch (Throwable t) {
            text = "(unreadable message)";
        }
        System.err.println("rldt: MuJoCo fatal error: " + text);
        System.err.println("rldt: halting the JVM (status " + FATAL_EXIT_STATUS
                + "); MuJoCo cannot continue after mju_error. See io.rldt.envs.mujoco.MujocoNative.");
        System.err.flush();
        Runtime.getRuntime().halt(FATAL_EXIT_STATUS);
    }

    private static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    /** True when the library loaded and its version matches the layout table. */
    public static boolean isAvailable() { return REASON == null; }

    /** Why MuJoCo is unavailable, or null when it is available. */
    public static String unavailableReason() { return REASON; }

    /** Throws {@link IllegalStateException} with the reason when MuJoCo is unavailable. */
    public static void requireAvailable() {
        if (REASON != null) throw new IllegalStateException("MuJoCo is not available: " + REASON);
    }

    /** {@code mj_version()}, e.g. 222 for 2.2.2. */
    public static int version() {
        requireAvailable();
        return VERSION;
    }

    /** The version as "2.2.2". */
    public static String versionString() {
        int v = version();
        return (v / 100) + "." + (v / 10 % 10) + "." + (v % 10);
    }

    static MjLayout layout() {
        requireAvailable();
        return LAYOUT;
    }

    /** Returns and clears the warnings MuJoCo reported on the calling thread since the last drain. */
    public static List<String> drainWarnings() {
        List<String> list = WARNINGS.get();
        if (list.isEmpty()) return List.of();
        List<String> copy = List.copyOf(list);
        list.clear();
        return copy;
    }

    // ---- downcalls; every MuJoCo pointer is a MemorySegment of size 0 as returned by the linker ----

    /** {@code mj_loadXML(path, NULL, err, errSize)}; throws with MuJoCo's message when the model does not compile. */
    static MemorySegment loadXml(String path) {
        requireAvailable();
        try (Arena a = Arena.ofConfined()) {
            int errSize = 1000;
            MemorySegment err = a.allocate(errSize);
            MemorySegment m = (MemorySegment) LOAD_XML.invokeExact(a.allocateFrom(path), MemorySegment.NULL, err, errSize);
            if (m.equals(MemorySegment.NULL)) {
                throw new IllegalArgumentException("MuJoCo could not load " + path + ": " + err.getString(0));
            }
            return m;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static MemorySegment makeData(MemorySegment m) {
        try {
            MemorySegment d = (MemorySegment) MAKE_DATA.invokeExact(m);
            if (d.equals(MemorySegment.NULL)) throw new IllegalStateException("mj_makeData returned NULL");
            return d;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void deleteData(MemorySegment d) { call(DELETE_DATA, d); }
    static void deleteModel(MemorySegment m) { call(DELETE_MODEL, m); }
    static void step(MemorySegment m, MemorySegment d) { call(STEP, m, d); }
    static void forward(MemorySegment m, MemorySegment d) { call(FORWARD, m, d); }
    static void resetData(MemorySegment m, MemorySegment d) { call(RESET_DATA, m, d); }

    /**
     * A view of {@code bytes} bytes at the native address {@code p}, valid while {@code arena} is open;
     * {@code cleanup} (may be null) runs when the arena closes. The one place that widens native pointers.
     */
    static MemorySegment view(MemorySegment p, long bytes, Arena arena, Consumer<MemorySegment> cleanup) {
        return p.reinterpret(bytes, arena, cleanup);
    }

    /** Calls {@code mju_error(msg)}: halts the JVM. Only for the test that checks the fail-fast handler. */
    static void raiseFatalErrorForTest(String msg) {
        requireAvailable();
        try (Arena a = Arena.ofConfined()) {
            call(ERROR_FN, a.allocateFrom(msg));
        }
    }

    private static void call(MethodHandle h, MemorySegment a) {
        try {
            h.invokeExact(a);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void call(MethodHandle h, MemorySegment a, MemorySegment b) {
        try {
            h.invokeExact(a, b);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

}
