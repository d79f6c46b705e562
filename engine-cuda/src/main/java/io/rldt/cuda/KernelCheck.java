package io.rldt.cuda;

import io.rldt.engine.HostKernel;
import io.rldt.engine.Tensor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ResidentBackend#checkKernels}: runs a named kernel's host body on copies of its device operands, then
 * compares the device's results with them. Records, per kernel, the calls checked and the largest difference
 * seen, relative to {@code max(|host value|, 1e-2)}: relative for every value that matters, absolute (1e-2·tol)
 * only for values near zero, where a float ulp of the operands, or the host's SIMD approximation of a
 * transcendental function (a few 1e-5 relative near zero for Mish's gradient), can exceed any relative bound.
 */
public final class KernelCheck {
    private final double relTol;
    private final Map<String, double[]> seen = new ConcurrentHashMap<>(); // name -> {calls, max difference}

    /** The magnitude below which differences are compared absolutely (as a difference relative to this). */
    static final double FLOOR = 1e-2;

    /** @param relTol the largest difference allowed, relative to {@code max(|host value|, 1e-2)} */
    public KernelCheck(double relTol) {
        this.relTol = relTol;
    }

    /** Copies of every operand (out first, then the inputs; null stays null) after the host body ran on them. */
    Tensor[] runOnHost(HostKernel kernel, double[] p, Tensor out, Tensor[] in) {
        Tensor[] copies = new Tensor[in.length + 1];
        // aliased operands stay aliased in the copies, as kernels that write an input in place expect
        Map<Object, Tensor> byStorage = new java.util.IdentityHashMap<>();
        for (int j = 0; j <= in.length; j++) {
            Tensor t = j == 0 ? out : in[j - 1];
            if (t == null) continue;
            Tensor base = byStorage.computeIfAbsent(t.storage(), s -> Tensor.wrap(
                    t.storage().onHost() ? t.storage().heapOrNull().clone() : download(t), storageShape(t)));
            copies[j] = Tensor.wrapPrefix(base.data(), t.shape());
        }
        Tensor[] hostIn = java.util.Arrays.copyOfRange(copies, 1, copies.length);
        kernel.body().run(copies[0], hostIn, p);
        return copies;
    }

    private static int[] storageShape(Tensor t) {
        return new int[] {t.storage().length()};
    }

    private static float[] download(Tensor t) {
        float[] a = new float[t.storage().length()];
        t.storage().memoryOrNull().download(a);
        return a;
    }

    /**
     * Compares every operand with its host copy; throws on the first difference beyond the tolerance. Operands the
     * kernel declares as putDouble triples ({@link DeviceKernel#doubles()}) are compared as the doubles they encode.
     */
    void compare(DeviceKernel kernel, Tensor[] expected, Tensor out, Tensor[] in) {
        String name = kernel.name();
        double worst = 0;
        for (int j = 0; j <= in.length; j++) {
            Tensor t = j == 0 ? out : in[j - 1];
            if (t == null || DeviceKernel.in(kernel.scratch(), j)) continue;
            float[] want = expected[j].data(), got = t.storage().onHost() ? t.storage().heapOrNull() : download(t);
            if (DeviceKernel.in(kernel.doubles(), j)) {
                for (int i = 0; i + 2 < t.size(); i += 3) {
                    double h = io.rldt.engine.HostKernel.getDouble(want, i), d = io.rldt.engine.HostKernel.getDouble(got, i);
                    if (Double.isNaN(h) && Double.isNaN(d) || h == d) continue;
                    double diff = Math.abs(h - d) / Math.max(FLOOR, Math.abs(h));
                    if (!(diff <= relTol)) {
                        throw new AssertionError("device kernel " + name + ": " + (j == 0 ? "out" : "in[" + (j - 1) + "]")
                                + " double at " + i + ": device " + d + ", host " + h + " (relative difference " + diff
                                + " > " + relTol + ")");
                    }
                    worst = Math.max(worst, diff);
                }
                continue;
            }
            for (int i = 0; i < t.size(); i++) {
                float h = want[i], d = got[i];
                if (Float.isNaN(h) && Float.isNaN(d) || h == d) continue;
                double diff = Math.abs((double) h - d) / Math.max(FLOOR, Math.abs(h));
                if (!(diff <= relTol)) {
                    throw new AssertionError("device kernel " + name + ": " + (j == 0 ? "out" : "in[" + (j - 1) + "]")
                            + " " + java.util.Arrays.toString(t.shape()) + " element " + i + ": device " + d
                            + ", host " + h + " (relative difference " + diff + " > " + relTol + ")");
                }
                worst = Math.max(worst, diff);
            }
        }
        double w = worst;
        seen.merge(name, new double[] {1, w}, (a, b) -> new double[] {a[0] + b[0], Math.max(a[1], b[1])});
    }

    /** Per kernel: calls checked and the largest relative difference. */
    public Map<String, String> report() {
        Map<String, String> m = new TreeMap<>();
        seen.forEach((k, v) -> m.put(k, (long) v[0] + " calls, max diff " + v[1]));
        return m;
    }

    /** The kernels checked so far. */
    public java.util.Set<String> checked() {
        return new java.util.TreeSet<>(seen.keySet());
    }
}
