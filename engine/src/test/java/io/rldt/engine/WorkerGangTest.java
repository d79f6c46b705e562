package io.rldt.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(120) // a lost wake-up hangs: fail instead of stalling the build
class WorkerGangTest {

    @Test
    void everyPartRunsExactlyOncePerRunOverManyRuns() throws InterruptedException {
        // many short runs: a lost wake-up would hang or skip a part here. Parking at once, spinning past every gap,
        // and a spin shorter than the gaps between some runs (the worker parks mid-series and must be woken). Two
        // parts when spinning: more spinning threads than the CI machine's two cores would take turns by time slice.
        for (long spin : new long[] {0, 1_000_000_000L, 20_000}) {
            int parts = spin == 0 ? 3 : 2, runs = 20_000;
            AtomicIntegerArray counts = new AtomicIntegerArray(parts);
            try (WorkerGang gang = new WorkerGang(parts, "test-gang", spin)) {
                for (int r = 0; r < runs; r++) {
                    gang.run(counts::incrementAndGet);
                    if (spin == 20_000 && r % 1000 == 0) Thread.sleep(1);
                }
            }
            for (int p = 0; p < parts; p++) assertEquals(runs, counts.get(p), "spin " + spin + ", part " + p);
        }
    }

    @Test
    void concurrentCallersOfASharedGangEachGetEveryPart() throws Exception {
        // two threads running 3-part work at once on one Shared: each run must see its own three parts, which a
        // gang handed to both callers at the same time would break (parts of one run going to the other's task)
        WorkerGang.Shared shared = new WorkerGang.Shared("test-shared");
        int runs = 5_000;
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread[] callers = new Thread[2];
        for (int c = 0; c < callers.length; c++) {
            callers[c] = new Thread(() -> {
                try {
                    for (int r = 0; r < runs; r++) {
                        AtomicIntegerArray counts = new AtomicIntegerArray(3);
                        shared.run(3, counts::incrementAndGet);
                        for (int p = 0; p < 3; p++) {
                            if (counts.get(p) != 1) throw new AssertionError("run " + r + " part " + p + ": " + counts.get(p));
                        }
                    }
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            });
            callers[c].start();
        }
        for (Thread t : callers) t.join();
        if (failed.get() != null) throw new AssertionError(failed.get());
        AtomicIntegerArray one = new AtomicIntegerArray(1);
        shared.run(1, one::incrementAndGet); // one part runs on the caller
        assertEquals(1, one.get(0));
    }

    @Test
    void aWorkersExceptionReachesTheCallerAndTheGangStaysUsable() {
        try (WorkerGang gang = new WorkerGang(2, "test-gang")) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> gang.run(p -> {
                if (p == 1) throw boom;
            }));
            assertSame(boom, e);
            AtomicIntegerArray counts = new AtomicIntegerArray(2);
            gang.run(counts::incrementAndGet);
            assertEquals(1, counts.get(0));
            assertEquals(1, counts.get(1));
        }
    }

    @Test
    void theCallersExceptionCarriesTheWorkersAndAnInterruptDoesNotOutliveItsPart() throws Exception {
        try (WorkerGang gang = new WorkerGang(2, "test-gang", 1_000_000)) {
            IllegalStateException mine = new IllegalStateException("caller"), theirs = new IllegalStateException("worker");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> gang.run(p -> {
                if (p == 1) throw theirs;
                try {
                    Thread.sleep(20); // let the worker fail first
                } catch (InterruptedException x) {
                    throw new AssertionError(x);
                }
                throw mine;
            }));
            assertSame(mine, e);
            assertSame(theirs, e.getSuppressed()[0]);
            // a part that leaves its thread interrupted: the worker's next part starts with the flag clear
            gang.run(p -> {
                if (p == 1) Thread.currentThread().interrupt();
            });
            boolean[] interrupted = new boolean[2];
            gang.run(p -> interrupted[p] = Thread.currentThread().isInterrupted());
            assertEquals(false, interrupted[1], "worker still interrupted");
        }
    }

    @Test
    void aPartMayRunSharedWorkOfItsOwn() {
        // nested use, as a parallel task's products do: the inner run takes another gang, never the busy one
        WorkerGang.Shared shared = new WorkerGang.Shared("test-nested");
        AtomicIntegerArray counts = new AtomicIntegerArray(4);
        for (int r = 0; r < 200; r++) {
            shared.run(2, outer -> shared.run(2, inner -> counts.incrementAndGet(outer * 2 + inner)));
        }
        for (int i = 0; i < 4; i++) assertEquals(200, counts.get(i), "outer/inner " + i);
    }

    @Test
    void closedGangRefusesWork() {
        WorkerGang gang = new WorkerGang(2, "test-gang");
        gang.close();
        assertThrows(IllegalStateException.class, () -> gang.run(p -> { }));
    }
}
