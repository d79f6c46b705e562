package io.rldt.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recycles the arrays of short-lived tensors. While a {@link #scope()} is open on a thread, every
 * {@link Tensor#zeros} on that thread takes its array from this workspace: a free one of the same length,
 * zero-filled, when an earlier scope on the same thread handed one back, else a new one (an op's output that the op
 * writes in full skips the zero-fill: {@link Tensor#forOverwrite}). Closing the scope hands back every
 * array it lent. So a loop that repeats one computation on the same shapes (an Euler step of a chain)
 * allocates only on its first pass, instead of several large activations per pass.
 *
 * <p>Contract: a tensor created inside a scope must not be used after the scope closes (copy out what you
 * keep). Inference loops fit it directly. A recorded training step fits when its tape closes inside the scope
 * and everything else that outlives the step is allocated before the scope opens (the tensors results are copied
 * into) or with {@link Tensor#persistentZeros} (the parameters' gradient buffers, which the tape adds into and
 * optimisers read later, are: {@code Var} allocates them that way). {@code CriticEnsemble}'s critic steps and
 * {@code RldtAgent}'s actor chunks run in scopes. Owned by a long-lived object (the style guide's preallocated
 * workspace); thread-safe (each thread recycles its own arrays), scopes nest.
 */
public final class Workspace {
    private static final ThreadLocal<Scope> ACTIVE = new ThreadLocal<>();

    /**
     * Free arrays by length, per thread: an array goes back to the thread that used it last, whose core still holds
     * it in cache, rather than to another thread's scope (the critic members run on different threads; one shared
     * pool handed their arrays back and forth). The cost: each thread that opens scopes keeps its own arrays.
     */
    private final ThreadLocal<Map<Integer, ArrayDeque<float[]>>> free = ThreadLocal.withInitial(HashMap::new);

    /** Opens a scope on the calling thread; close it (try-with-resources) to recycle what it allocated. */
    public Scope scope() {
        Scope s = new Scope(ACTIVE.get());
        ACTIVE.set(s);
        return s;
    }

    /**
     * The array for a new tensor of {@code size} elements: from the open scope if any, else a new one (zeros).
     * A recycled array is zero-filled only when {@code zero}; otherwise it holds whatever its last user left.
     */
    static float[] allocate(int size, boolean zero) {
        Scope s = ACTIVE.get();
        float[] a = s == null ? new float[size] : s.take(size, zero);
        if (!zero && POISON) java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    /**
     * {@code -Drldt.workspace.poison=true}: arrays handed out for overwriting ({@link Tensor#forOverwrite}) start as
     * NaN, fresh or recycled, so an op that leaves an element of its output unwritten produces NaN instead of a
     * stale value that happens to pass. The test suite runs with it; training does not (a pass per array).
     */
    private static final boolean POISON = Boolean.getBoolean("rldt.workspace.poison");

    /** One open scope: the arrays it lent, handed back on {@link #close()}. */
    public final class Scope implements AutoCloseable {
        private final Scope previous;
        private final List<float[]> lent = new ArrayList<>(64);
        private boolean closed;

        private Scope(Scope previous) {
            this.previous = previous;
        }

        private float[] take(int size, boolean zero) {
            ArrayDeque<float[]> q = free.get().get(size);
            float[] a = q == null ? null : q.poll();
            if (a == null) a = new float[size];
            else if (zero) java.util.Arrays.fill(a, 0f); // Tensor.zeros promises zeros
            lent.add(a);
            return a;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            if (ACTIVE.get() == this) ACTIVE.set(previous);
            Map<Integer, ArrayDeque<float[]>> mine = free.get();
            for (float[] a : lent) mine.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            lent.clear();
        }
    }
}
