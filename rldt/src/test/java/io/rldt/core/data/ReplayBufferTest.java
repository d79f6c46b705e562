package io.rldt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Rng;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    /** Transition i: s = (i, −i), a = (i/10), r = i, s' = (i+1, −i−1), terminated when i % 3 == 0. */
    static void addStep(ReplayBuffer b, int i) {
        b.add(new double[] {i, -i}, new double[] {i / 10.0}, i, new double[] {i + 1, -i - 1}, i % 3 == 0);
    }

    @Test
    void ring_keeps_the_newest_transitions_and_samples_them_consistently() {
        ReplayBuffer b = new ReplayBuffer(5, 2, 1);
        for (int i = 0; i < 8; i++) addStep(b, i);
        assertEquals(5, b.size());
        assertEquals(3, b.position());
        ReplayBuffer.Batch batch = b.sample(200, new Rng(1));
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < 200; k++) {
            int i = (int) batch.rewards().data()[k];
            seen.add(i);
            assertArrayEquals(new float[] {i, -i}, new float[] {batch.obs().data()[2 * k], batch.obs().data()[2 * k + 1]});
            assertArrayEquals(new float[] {i + 1, -i - 1}, new float[] {batch.next().data()[2 * k], batch.next().data()[2 * k + 1]});
            assertEquals(i / 10f, batch.actions().data()[k]);
            assertEquals(i % 3 == 0 ? 1f : 0f, batch.terminated().data()[k]);
        }
        assertEquals(Set.of(3, 4, 5, 6, 7), seen, "the three oldest were overwritten; every kept one is drawn");
    }

    @Test
    void state_round_trips_and_continues_identically() {
        ReplayBuffer a = new ReplayBuffer(6, 2, 1);
        for (int i = 0; i < 9; i++) addStep(a, i);
        ReplayBuffer b = new ReplayBuffer(6, 2, 1);
        b.restore(a.state("r."), "r.", a.size(), a.position());
        addStep(a, 9);
        addStep(b, 9);
        ReplayBuffer.Batch x = a.sample(50, new Rng(3)), y = b.sample(50, new Rng(3));
        assertArrayEquals(x.obs().data(), y.obs().data());
        assertArrayEquals(x.rewards().data(), y.rewards().data());
    }

    @Test
    void a_smaller_buffer_that_filled_exactly_continues_in_a_larger_one() {
        ReplayBuffer small = new ReplayBuffer(4, 2, 1);
        for (int i = 0; i < 4; i++) addStep(small, i);
        assertEquals(0, small.position(), "full: the position wrapped to 0 without overwriting");
        ReplayBuffer large = new ReplayBuffer(6, 2, 1), straight = new ReplayBuffer(6, 2, 1);
        large.restore(small.state("r."), "r.", small.size(), small.position());
        for (int i = 0; i < 4; i++) addStep(straight, i);
        addStep(large, 4);
        addStep(straight, 4);
        assertEquals(straight.position(), large.position());
        assertArrayEquals(straight.sample(40, new Rng(9)).rewards().data(), large.sample(40, new Rng(9)).rewards().data());
    }

    @Test
    void inconsistent_state_and_oversized_buffers_are_refused() {
        ReplayBuffer b = new ReplayBuffer(4, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> b.restore(java.util.Map.of(), "r.", 5, 0));
        assertThrows(IllegalArgumentException.class, () -> b.restore(java.util.Map.of(), "r.", 2, 3));
        assertThrows(IllegalArgumentException.class, () -> b.restore(java.util.Map.of(), "r.", 2, 2), "tensors missing");
        assertEquals(0, b.size(), "a refused state changes nothing");
        assertThrows(IllegalStateException.class, () -> b.sample(1, new Rng(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReplayBuffer(Integer.MAX_VALUE, 100, 10));
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
    }
}
