package io.rldt.cuda;

import io.rldt.engine.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The device version of a named {@link io.rldt.engine.HostKernel}: the kernel function in the device source
 * that replaces the host body, and how many work items it runs (the output's elements unless it says otherwise:
 * a row-wise kernel runs one per row).
 *
 * @param name     the host kernel's name
 * @param function the device function ({@code KERNEL(...)} in {@code device/*.cu})
 * @param items    the work items of one call
 * @param table    the kernel takes any number of inputs and reads them from the argument block's table
 *                 ({@code TIN(k)}, {@code TSIZE(k)}) instead of {@code IN(k)} (a gradient clip over every
 *                 parameter of a network)
 * @param finish   a second device function launched after the first with one work item and the same arguments
 *                 (a sum, in order, of what the first wrote per item), or null
 * @param doubles  operand slots (0 = out, k + 1 = in[k]) that hold doubles as {@code HostKernel.putDouble} triples:
 *                 {@link KernelCheck} compares them as the doubles they encode
 * @param scratch  operand slots that are the device version's working memory (the host body ignores them):
 *                 {@link KernelCheck} does not compare them
 */
record DeviceKernel(String name, String function, WorkItems items, boolean table, String finish, int[] doubles,
                    int[] scratch) {

    DeviceKernel(String name, String function, WorkItems items) {
        this(name, function, items, false, null, new int[0], new int[0]);
    }

    /** This kernel followed by {@code k_<name>_finish} on one work item. */
    DeviceKernel withFinish() {
        return new DeviceKernel(name, function, items, table, function + "_finish", doubles, scratch);
    }

    /** This kernel with {@code slots} holding putDouble triples. */
    DeviceKernel withDoubles(int... slots) {
        return new DeviceKernel(name, function, items, table, finish, slots.clone(), scratch);
    }

    /** This kernel with {@code slots} as its working memory. */
    DeviceKernel withScratch(int... slots) {
        return new DeviceKernel(name, function, items, table, finish, doubles, slots.clone());
    }

    /** Whether operand {@code slot} is in {@code slots}. */
    static boolean in(int[] slots, int slot) {
        for (int s : slots) if (s == slot) return true;
        return false;
    }

    /** Work items of one call, from the call's operands and scalar arguments. */
    @FunctionalInterface
    interface WorkItems {
        long of(Tensor out, Tensor[] in, double[] p);
    }

    /** One work item per output element; the function is {@code k_<name>}. */
    static DeviceKernel perElement(String name) {
        return new DeviceKernel(name, "k_" + name, (out, in, p) -> out.size());
    }

    /** A custom work-item count; the function is {@code k_<name>}. */
    static DeviceKernel of(String name, WorkItems items) {
        return new DeviceKernel(name, "k_" + name, items);
    }

    /** A custom work-item count and the inputs in a table; the function is {@code k_<name>}. */
    static DeviceKernel withTable(String name, WorkItems items) {
        return new DeviceKernel(name, "k_" + name, items, true, null, new int[0], new int[0]);
    }

    /** Every device kernel by host name: the groups of {@link DeviceSource}'s files. */
    static Map<String, DeviceKernel> all() {
        Map<String, DeviceKernel> m = new HashMap<>();
        for (List<DeviceKernel> group : List.of(AutodiffDeviceKernels.KERNELS, RldtDeviceKernels.KERNELS)) {
            for (DeviceKernel k : group) {
                if (m.put(k.name(), k) != null) throw new IllegalStateException("device kernel " + k.name() + " listed twice");
            }
        }
        return Map.copyOf(m);
    }
}
