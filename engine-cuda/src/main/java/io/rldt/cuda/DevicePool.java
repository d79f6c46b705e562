package io.rldt.cuda;

import io.rldt.engine.Device;
import java.lang.ref.Cleaner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The {@link Device} of a {@link ResidentBackend}: device memory from a {@link DeviceRuntime}, kept in a pool of
 * size classes so that a training step in steady state allocates nothing from the driver.
 *
 * <p>A tensor's memory goes back to the pool when the garbage collector finds the tensor unreachable (a
 * {@link Cleaner}); sizes are rounded up to 256 floats, then to the next 2^k or 1.5·2^k floats, so a block is
 * reused by any request of its class. Device memory is invisible to the JVM's collector, so when the bytes in
 * use double since the last collection, the pool asks for one ({@code System.gc()}) and waits briefly for the
 * memory it frees; when the device runs out (the runtime throws {@link OutOfMemoryError}), the pool frees its idle
 * blocks, collects and retries once.
 */
final class DevicePool implements Device {
    private static final Logger LOG = Logger.getLogger(DevicePool.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();
    /** Bytes in use below which the pool never asks for a collection ({@code -Drldt.device.collectBytes}, default 256 MiB). */
    static final long MIN_COLLECT_BYTES = Long.getLong("rldt.device.collectBytes", 256L << 20);

    private final String name;
    private final boolean strict;
    final DeviceRuntime runtime;
    private final ConcurrentHashMap<Long, ConcurrentLinkedQueue<Long>> idle = new ConcurrentHashMap<>();
    private final AtomicLong inUse = new AtomicLong(), idleBytes = new AtomicLong(), peak = new AtomicLong(),
            driverAllocations = new AtomicLong(), reuses = new AtomicLong();
    private volatile long collectAt = MIN_COLLECT_BYTES;

    DevicePool(String name, boolean strict, DeviceRuntime runtime) {
        this.name = name;
        this.strict = strict;
        this.runtime = runtime;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean strict() {
        return strict;
    }

    /** The size class of a request: at least 256 floats, then the next 2^k or 1.5·2^k floats, in bytes. */
    static long classBytes(long floats) {
        long f = Math.max(256, floats);
        long p = Long.highestOneBit(f);
        long c = f == p ? p : (f <= p + (p >> 1) ? p + (p >> 1) : p << 1);
        return c * Float.BYTES;
    }

    @Override
    public DeviceMemory allocate(int floats) {
        long bytes = classBytes(floats);
        if (inUse.get() + bytes > collectAt) collect(bytes);
        Long ptr = null;
        ConcurrentLinkedQueue<Long> q = idle.get(bytes);
        if (q != null) ptr = q.poll();
        if (ptr != null) {
            idleBytes.addAndGet(-bytes);
            reuses.incrementAndGet();
        } else {
            ptr = mallocOrCollect(bytes);
            driverAllocations.incrementAndGet();
        }
        long used = inUse.addAndGet(bytes);
        peak.accumulateAndGet(used, Math::max);
        runtime.zero(ptr, 4L * floats);
        Block m = new Block(this, ptr, floats);
        CLEANER.register(m, new Release(this, ptr, bytes));
        return m;
    }

    private long mallocOrCollect(long bytes) {
        try {
            return runtime.malloc(bytes);
        } catch (OutOfMemoryError e) { // the device's memory (a broken context or another failure is not retried)
            LOG.info(() -> name + ": device allocation of " + bytes + " bytes failed (" + e.getMessage()
                    + "); freeing idle blocks and collecting");
            trim();
            System.gc();
            waitForReleases(0);
            trim();
            return runtime.malloc(bytes);
        }
    }

    /** Asks the JVM to collect unreachable tensors so their memory returns, then moves the threshold. */
    private synchronized void collect(long bytes) {
        if (inUse.get() + bytes <= collectAt) return;
        long before = inUse.get();
        System.gc();
        waitForReleases(before / 4);
        collectAt = Math.max(MIN_COLLECT_BYTES, 2 * inUse.get());
    }

    /** Waits up to 200 ms for the cleaner to return at least {@code wanted} bytes (0: one short wait). */
    private void waitForReleases(long wanted) {
        long start = inUse.get();
        for (int i = 0; i < 20; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (start - inUse.get() >= wanted) return;
        }
    }

    /** Frees every idle block back to the driver. */
    void trim() {
        for (var e : idle.entrySet()) {
            Long p;
            while ((p = e.getValue().poll()) != null) {
                idleBytes.addAndGet(-e.getKey());
                runtime.free(p);
            }
        }
    }

    private void release(long ptr, long bytes) {
        inUse.addAndGet(-bytes);
        idleBytes.addAndGet(bytes);
        idle.computeIfAbsent(bytes, b -> new ConcurrentLinkedQueue<>()).add(ptr);
    }

    /** Counters: driver allocations, reuses from the pool, bytes in use, idle and at peak. */
    record Stats(long driverAllocations, long reuses, long inUseBytes, long idleBytes, long peakBytes) { }

    Stats stats() {
        return new Stats(driverAllocations.get(), reuses.get(), inUse.get(), idleBytes.get(), peak.get());
    }

    /** What the cleaner runs: no reference to the {@link Block}, only its address and class. */
    private record Release(DevicePool pool, long ptr, long bytes) implements Runnable {
        @Override
        public void run() {
            pool.release(ptr, bytes);
        }
    }

    /** One tensor's device memory: {@code length} floats at {@code ptr}. */
    static final class Block implements DeviceMemory {
        final DevicePool pool;
        final long ptr;
        private final int length;

        Block(DevicePool pool, long ptr, int length) {
            this.pool = pool;
            this.ptr = ptr;
            this.length = length;
        }

        @Override
        public Device device() {
            return pool;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void download(float[] dst) {
            pool.runtime.download(ptr, dst, dst.length);
            java.lang.ref.Reference.reachabilityFence(this);
        }

        @Override
        public float read(int index) {
            float[] one = new float[1];
            pool.runtime.download(ptr + 4L * index, one, 1);
            java.lang.ref.Reference.reachabilityFence(this);
            return one[0];
        }

        @Override
        public void upload(float[] src) {
            pool.runtime.upload(src, src.length, ptr);
            java.lang.ref.Reference.reachabilityFence(this);
        }

        @Override
        public void copyFrom(DeviceMemory src, int n) {
            Block s = (Block) src;
            pool.runtime.copy(s.ptr, ptr, 4L * n);
            java.lang.ref.Reference.reachabilityFence(s);
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }
}
