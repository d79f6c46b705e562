package io.rldt.kernels;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkerGangTest {

    @Test
    void everyPartRunsExactlyOncePerRunOverManyRuns() {
        int parts = 3, runs = 20_000; // many short runs: a lost wake-up would hang or skip a part here
        AtomicIntegerArray counts = new AtomicIntegerArray(parts);
        try (WorkerGang gang = new WorkerGang(parts, "test-gang")) {
            for (int r = 0; r < runs; r++) gang.run(counts::incrementAndGet);
        }
        for (int p = 0; p < parts; p++) assertEquals(runs, counts.get(p), "part " + p);
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
    void closedGangRefusesWork() {
        WorkerGang gang = new WorkerGang(2, "test-gang");
        gang.close();
        assertThrows(IllegalStateException.class, () -> gang.run(p -> { }));
    }
}
