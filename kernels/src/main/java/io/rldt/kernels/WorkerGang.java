package io.rldt.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed gang of {@code parts − 1} daemon threads plus the calling thread that run one task split into
 * {@code parts} numbered parts and wait for all of them. Unlike an {@code ExecutorService} it allocates
 * nothing per run (no futures, no queue nodes), which keeps a training step's inner loop allocation-free.
 *
 * <p>Not thread-safe: one caller at a time. Which thread runs which part is fixed (part 0 on the caller,
 * part {@code w} on worker {@code w}), so results depend only on how the task splits work into parts.
 */
final class WorkerGang implements AutoCloseable {
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    /** Bumped once per run; workers wake when it differs from the last generation they ran. */
    private volatile long generation;
    private volatile IntConsumer task;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;

    WorkerGang(int parts, String name) {
        if (parts < 2) throw new IllegalArgumentException("WorkerGang needs parts >= 2, got " + parts);
        workers = new Thread[parts - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = new Thread(() -> loop(part), name + "-" + part);
            workers[w].setDaemon(true); // an unclosed field must not keep the JVM alive
            workers[w].start();
        }
    }

    int parts() {
        return workers.length + 1;
    }

    /** Runs {@code t.accept(part)} for every part in {@code [0, parts)}; returns when all have finished. */
    void run(IntConsumer t) {
        if (closed) throw new IllegalStateException("WorkerGang is closed");
        failure = null;
        task = t;
        caller = Thread.currentThread();
        pending.set(workers.length);
        generation = generation + 1; // volatile write publishes task, caller and pending to the workers
        for (Thread w : workers) LockSupport.unpark(w);
        Throwable own = null;
        try {
            t.accept(0);
        } catch (Throwable e) {
            own = e;
        }
        while (pending.get() != 0) LockSupport.park(this); // loop: park may return spuriously
        Throwable f = own != null ? own : failure;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error err) throw err;
        if (f != null) throw new IllegalStateException("worker failed", f);
    }

    private void loop(int part) {
        long seen = 0;
        while (true) {
            long gen;
            while ((gen = generation) == seen && !closed) LockSupport.park(this);
            if (closed) return;
            seen = gen;
            try {
                task.accept(part);
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }

    /** Stops the workers; later runs throw. */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
