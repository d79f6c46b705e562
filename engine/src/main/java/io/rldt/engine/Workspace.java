package io.rldt.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recycles the arrays of short-lived tensors. While a {@link #scope()} is open on a thread, every
 * {@link Tensor#zeros} on that thread takes its array from this workspace: a free one of the same length,
 * zero-filled, when an earlier scope handed one back, else a new one (a product's output, which overwrites every
 * element, skips the zero-fill: {@code Tensor.forOverwrite}). Closing the scope hands back every
 * array it lent. So a loop that repeats one computation on the same shapes (an Euler step of a chain)
 * allocates only on its first pass, instead of several large activations per pass.
 *
 * <p>Contract: a tensor created inside a scope must not be used after the scope closes (copy out what you
 * keep). Inference loops fit it directly. A recorded training step fits when its tape closes inside the scope
 * and everything else that outlives the step is allocated before the scope opens (the tensors results are copied
 * into) or with {@link Tensor#persistentZeros} (the parameters' gradient buffers, which the tape adds into and
 * optimisers read later, are: {@code Var} allocates them that way). {@code CriticEnsemble}'s critic steps and
 * {@code RldtAgent}'s actor chunks run in scopes. Owned by a long-lived object (the style guide's preallocated
 * workspace); thread-safe, scopes nest.
 */
public final class Workspace {
    private static final ThreadLocal<Scope> ACTIVE = new ThreadLocal<>();

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();

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
        return s == null ? new float[size] : s.take(size, zero);
    }

    /** One open scope: the arrays it lent, handed back on {@link #close()}. */
    public final class Scope implements AutoCloseable {
        private final Scope previous;
        private final List<float[]> lent = new ArrayList<>();
        private boolean closed;

        private Scope(Scope previous) {
            this.previous = previous;
        }

        private float[] take(int size, boolean zero) {
            float[] a;
            synchronized (free) {
                ArrayDeque<float[]> q = free.get(size);
                a = q == null ? null : q.poll();
            }
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
            synchronized (free) {
                for (float[] a : lent) free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            }
            lent.clear();
        }
    }
}
