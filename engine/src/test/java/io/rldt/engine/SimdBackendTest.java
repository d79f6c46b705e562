package io.rldt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Vector API backend against the contract (two threads, so the parallel GEMM path runs too). */
class SimdBackendTest extends BackendContractTest {
    @Override
    protected Backend backend() {
        return new SimdBackend(2);
    }

    @Test
    void two_threads_run_two_tasks_at_the_same_time_and_nested_calls_stay_on_the_task_thread() {
        SimdBackend be = new SimdBackend(2);
        CyclicBarrier both = new CyclicBarrier(2);
        String[] outer = new String[2], inner = new String[4];
        be.parallel(2, i -> {
            try {
                both.await(10, TimeUnit.SECONDS); // times out unless the other task runs concurrently
            } catch (Exception e) {
                throw new IllegalStateException("task " + i + " ran alone", e);
            }
            outer[i] = Thread.currentThread().getName();
            be.parallel(2, j -> inner[2 * i + j] = Thread.currentThread().getName());
        });
        assertNotEquals(outer[0], outer[1]);
        for (int i = 0; i < 4; i++) assertEquals(outer[i / 2], inner[i], "nested task " + i);
    }

    @Test
    void reused_packed_weights_are_exact_when_every_product_splits_over_threads() {
        assertConstantWeightsReuseIsExact(new SimdBackend(2, 1));
        assertConstantWeightsReuseIsExact(new SimdBackend(3, 1));
    }

    @Test
    void products_inside_tasks_of_a_wide_backend_still_split_and_give_the_same_bits() {
        // 4 threads, 2 tasks: each task's products may use 2 threads (split from 1 multiply-add per thread up).
        assertProductsInTasksEqualAlone(new SimdBackend(4, 1));
        assertProductsInTasksEqualAlone(new SimdBackend(3, 1));
    }

    private static void assertProductsInTasksEqualAlone(SimdBackend be) {
        Tensor[] a = {TensorAssert.random(1, 97, 65), TensorAssert.random(2, 40, 130)};
        Tensor[] b = {TensorAssert.random(3, 65, 77), TensorAssert.random(4, 130, 33)};
        Tensor[] alone = new Tensor[2], inTask = new Tensor[2];
        for (int i = 0; i < 2; i++) {
            alone[i] = Tensor.zeros(a[i].dim(0), b[i].dim(1));
            inTask[i] = Tensor.zeros(a[i].dim(0), b[i].dim(1));
            new SimdBackend(1).matmul(a[i], false, b[i], false, alone[i], false);
        }
        be.parallel(2, i -> be.matmul(a[i], false, b[i], false, inTask[i], false));
        for (int i = 0; i < 2; i++) TensorAssert.assertExact(alone[i].toArray(), inTask[i], "task " + i);
    }

    @Test
    void one_thread_runs_tasks_in_order_on_the_caller() {
        StringBuilder order = new StringBuilder();
        String caller = Thread.currentThread().getName();
        new SimdBackend(1).parallel(4, i -> {
            assertEquals(caller, Thread.currentThread().getName());
            order.append(i);
        });
        assertEquals("0123", order.toString());
    }
}
