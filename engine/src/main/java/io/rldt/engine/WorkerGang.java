package io.rldt.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed gang of {@code parts − 1} daemon threads plus the calling thread that run one task split into
 * {@code parts} numbered parts and wait for all of them: the engine's products, {@link Backend#parallel}'s tasks,
 * large elementwise passes and the SVGD field split their work this way. Unlike an {@code ExecutorService} it allocates nothing per run (no
 * futures, no queue nodes), which keeps a training step's inner loop allocation-free.
 *
 * <p><b>Why it spins.</b> Waking a parked thread costs tens of µs on a virtual machine (measured here: a 150 µs job
 * split in two over an executor took 143–161 µs, no faster than on one thread; with workers that spin it took
 * 72–82 µs: jmh/tools/micro/Handoff.java). A training step hands out hundreds of parts of 20–200 µs each, so after a run the workers, and the
 * caller while it waits, poll for up to {@code spinNanos} ({@link #SPIN_NANOS}: {@code -Drldt.spinMicros}, default
 * 100) before they park. Spinning is bounded, so an idle library holds no core; a machine shared with other busy
 * processes, or with more engine threads than cores, may prefer {@code -Drldt.spinMicros=0}, which parks at once.
 *
 * <p>Not thread-safe: one caller at a time ({@link Shared} hands concurrent callers separate gangs). Which thread
 * runs which part is fixed (part 0 on the caller, part {@code w} on worker {@code w}), so results depend only on
 * how the task splits work into parts.
 */
public final class WorkerGang implements AutoCloseable {
    /** How long workers and a waiting caller poll before parking, from {@code -Drldt.spinMicros} (default 100). */
    public static final long SPIN_NANOS = spinNanosFromProperty();

    private final Thread[] workers;
    private final long spinNanos;
    private final AtomicInteger pending = new AtomicInteger();
    /** Bumped once per run; workers wake when it differs from the last generation they ran. */
    private volatile long generation;
    private volatile IntConsumer task;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;

    /** A gang with the default spin ({@link #SPIN_NANOS}). */
    public WorkerGang(int parts, String name) {
        this(parts, name, SPIN_NANOS);
    }

    /** @param spinNanos how long to poll before parking (0: park at once) */
    public WorkerGang(int parts, String name, long spinNanos) {
        if (parts < 2) throw new IllegalArgumentException("WorkerGang needs parts >= 2, got " + parts);
        if (spinNanos < 0) throw new IllegalArgumentException("WorkerGang: spinNanos = " + spinNanos + ", expected >= 0");
        this.spinNanos = spinNanos;
        workers = new Thread[parts - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = new Thread(() -> loop(part), name + "-" + part);
            workers[w].setDaemon(true); // an unclosed gang must not keep the JVM alive
            workers[w].start();
        }
    }

    public int parts() {
        return workers.length + 1;
    }

    /** Runs {@code t.accept(part)} for every part in {@code [0, parts)}; returns when all have finished. */
    public void run(IntConsumer t) {
        if (closed) throw new IllegalStateException("WorkerGang is closed");
        failure = null;
        task = t;
        caller = Thread.currentThread();
        pending.set(workers.length);
        generation = generation + 1; // volatile write publishes task, caller and pending to the workers
        for (Thread w : workers) LockSupport.unpark(w); // a spinning worker ignores it (a permit, no system call)
        Throwable own = null;
        try {
            t.accept(0);
        } catch (Throwable e) {
            own = e;
        }
        // an interrupted caller keeps its flag: park returns at once, and it polls until the parts are done
        long start = System.nanoTime();
        int polls = firstPoll();
        while (pending.get() != 0) polls = pause(start, polls);
        task = null; // every worker read it before its decrement: the gang does not keep the task's arrays alive
        Throwable f = own != null ? own : failure;
        if (own != null && failure != null && failure != own) own.addSuppressed(failure);
        failure = null;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error err) throw err;
        if (f != null) throw new IllegalStateException("worker failed", f);
    }

    private void loop(int part) {
        long seen = 0;
        while (true) {
            long gen, start = System.nanoTime();
            int polls = firstPoll();
            while ((gen = generation) == seen && !closed) polls = pause(start, polls);
            if (closed) return;
            seen = gen;
            try {
                task.accept(part);
            } catch (Throwable e) {
                failure = e;
            } finally {
                // a part that set its thread's interrupt flag must not leave it to the next task (park would then
                // return at once and the idle worker would poll without end), as an executor's worker clears it
                Thread.interrupted();
                if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }

    /** The poll count a wait starts from: {@link #PARKING} when this gang does not spin. */
    private int firstPoll() {
        return spinNanos == 0 ? PARKING : 0;
    }

    /** A wait's poll count once its spin is over: from then on every pause parks. */
    private static final int PARKING = Integer.MAX_VALUE;

    /**
     * One pause of a wait that began at {@code start}: a spin-wait hint until {@code spinNanos} have passed (the
     * clock read every 64 polls), then a park (which may return early: callers loop on their condition). Returns
     * the poll count for the next pause.
     */
    private int pause(long start, int polls) {
        if (polls != PARKING && ((++polls & 63) != 0 || System.nanoTime() - start < spinNanos)) {
            Thread.onSpinWait();
            return polls;
        }
        LockSupport.park(this);
        return PARKING;
    }

    /** Stops the workers; later runs throw. */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }

    /**
     * Gangs of every size for one kind of work, shared by every caller: {@link #run} takes an idle gang of the size
     * asked for and returns it after the run, creating one when every such gang is busy, so callers on different
     * threads (two critic members' products on 16 cores) get gangs of their own instead of queueing behind each
     * other. One idle gang per size waits in a slot (no allocation per run), more in a queue. Gangs live for the
     * JVM's life.
     */
    public static final class Shared {
        /**
         * The engine's workers: products, {@link Backend#parallel}'s tasks, large elementwise passes and the SVGD
         * field all run on these. Gangs are kept per part count, so where every split uses the same count (2 cores,
         * 2 threads: every split is in two) one gang serves every phase and no phase's spinning worker competes with
         * the next phase's; with more threads, splits of different sizes use different gangs.
         */
        public static final Shared ENGINE = new Shared("rldt-worker");

        private record Idle(AtomicReference<WorkerGang> slot, ConcurrentLinkedQueue<WorkerGang> more) {}

        private final String name;
        private final Map<Integer, Idle> bySize = new ConcurrentHashMap<>();

        /** @param name thread names are {@code <name>-<parts>-<part>} */
        public Shared(String name) {
            this.name = name;
        }

        /** Runs {@code t.accept(part)} for parts {@code [0, parts)}, part 0 on the caller; 1 part runs inline. */
        public void run(int parts, IntConsumer t) {
            if (parts == 1) {
                t.accept(0);
                return;
            }
            Idle idle = bySize.computeIfAbsent(parts, x -> new Idle(new AtomicReference<>(), new ConcurrentLinkedQueue<>()));
            WorkerGang gang = idle.slot.getAndSet(null);
            if (gang == null) gang = idle.more.poll();
            if (gang == null) gang = new WorkerGang(parts, name + "-" + parts);
            try {
                gang.run(t);
            } finally {
                if (!idle.slot.compareAndSet(null, gang)) idle.more.offer(gang);
            }
        }
    }

    private static long spinNanosFromProperty() {
        String v = System.getProperty("rldt.spinMicros");
        if (v == null || v.isBlank()) return 100_000L;
        try {
            long micros = Long.parseLong(v.trim());
            if (micros >= 0 && micros <= 1_000_000) return micros * 1000L;
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        // a tuning knob read when the engine loads: one line and the default, not a failed class initialisation
        System.err.println("rldt.spinMicros = " + v + ", expected an integer in [0, 1000000] (µs); using 100");
        return 100_000L;
    }
}
