package io.rldt.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.rldt.engine.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The argument block every device kernel takes ({@code Args} in {@code device/core.cu}; the offsets below are
 * that struct's): tensor pointers and shapes, a primitive's integer plan, an integer table, scalar arguments and
 * the number of work items. One block per thread, reused for every launch (launching copies it).
 */
final class DeviceArgs {
    static final int MAX_TENSORS = 8, MAX_RANK = 8, MAX_SCALARS = 32;
    private static final long T = 0, IDX = 64, N = 72, SIZE = 80, RANK = 144, SHAPE = 176, ST = 432, IV = 560,
            P = 624, TABLE = 880, TABLES = 888, SCALARS = 896, BYTES = 904;

    private static final ThreadLocal<DeviceArgs> PER_THREAD = ThreadLocal.withInitial(DeviceArgs::new);

    final MemorySegment block = Arena.ofAuto().allocate(BYTES, 8);

    /** This thread's block, cleared. */
    static DeviceArgs get() {
        DeviceArgs a = PER_THREAD.get();
        a.block.fill((byte) 0);
        return a;
    }

    /** Slot {@code slot} (0 = output, 1.. = inputs) is tensor {@code t} at device address {@code ptr}. */
    DeviceArgs tensor(int slot, long ptr, Tensor t) {
        block.set(JAVA_LONG, T + 8L * slot, ptr);
        if (t == null) return this;
        block.set(JAVA_LONG, SIZE + 8L * slot, t.size());
        block.set(JAVA_INT, RANK + 4L * slot, t.rank());
        for (int d = 0; d < MAX_RANK; d++) {
            block.set(JAVA_INT, SHAPE + 4L * (slot * MAX_RANK + d), d < t.rank() ? t.dim(d) : 1);
        }
        return this;
    }

    /** Row {@code row} (0–3) of the strides table. */
    DeviceArgs st(int row, int[] values) {
        for (int d = 0; d < values.length; d++) block.set(JAVA_INT, ST + 4L * (row * MAX_RANK + d), values[d]);
        return this;
    }

    DeviceArgs iv(int k, int value) {
        block.set(JAVA_INT, IV + 4L * k, value);
        return this;
    }

    DeviceArgs p(int k, double value) {
        block.set(JAVA_DOUBLE, P + 8L * k, value);
        return this;
    }

    DeviceArgs p(double[] values) {
        for (int k = 0; k < values.length; k++) p(k, values[k]);
        return this;
    }

    /** The device address of the integer table. */
    DeviceArgs idx(long ptr) {
        block.set(JAVA_LONG, IDX, ptr);
        return this;
    }

    /** The device address of the input table and the number of inputs in it ({@code Args.table}). */
    DeviceArgs table(long ptr, int inputs) {
        block.set(JAVA_LONG, TABLE, ptr);
        block.set(JAVA_INT, TABLES, inputs);
        return this;
    }

    /** The device address of every scalar argument as doubles, when there are more than {@link #MAX_SCALARS}. */
    DeviceArgs scalars(long ptr) {
        block.set(JAVA_LONG, SCALARS, ptr);
        return this;
    }

    DeviceArgs n(long workItems) {
        block.set(JAVA_LONG, N, workItems);
        return this;
    }
}
