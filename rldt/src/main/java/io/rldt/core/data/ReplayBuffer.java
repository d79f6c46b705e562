package io.rldt.core.data;

import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The off-policy replay memory of SAC (baselines spec §1.2): a ring of single transitions
 * {@code (s, a, r, s', terminated)} in flat float arrays, overwritten oldest first once full, sampled
 * uniformly with replacement. {@code s'} is the true next observation, also at a time-limit truncation (the
 * bootstrap target needs it); only {@code terminated} stops the bootstrap.
 */
public final class ReplayBuffer {
    private final int capacity, obsDim, actionDim;
    private final float[] obs, next, actions, rewards, terminated;
    private int size, position;

    public ReplayBuffer(int capacity, int obsDim, int actionDim) {
        if (capacity < 1) throw new IllegalArgumentException("replay capacity " + capacity + " must be >= 1");
        long floats = (long) capacity * (2L * obsDim + actionDim + 2);
        if (floats > Integer.MAX_VALUE - 16 || floats * 4 > Runtime.getRuntime().maxMemory()) {
            throw new IllegalArgumentException("replay capacity " + capacity + " needs " + (floats * 4 >> 20)
                    + " MiB, more than the heap's " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        obs = new float[capacity * obsDim];
        next = new float[capacity * obsDim];
        actions = new float[capacity * actionDim];
        rewards = new float[capacity];
        terminated = new float[capacity];
    }

    public int size() { return size; }

    public int capacity() { return capacity; }

    /** Stores one transition (arrays are copied as float32). */
    public void add(double[] s, double[] a, double r, double[] sNext, boolean term) {
        for (int j = 0; j < obsDim; j++) {
            obs[position * obsDim + j] = (float) s[j];
            next[position * obsDim + j] = (float) sNext[j];
        }
        for (int j = 0; j < actionDim; j++) actions[position * actionDim + j] = (float) a[j];
        rewards[position] = (float) r;
        terminated[position] = term ? 1f : 0f;
        position = (position + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /** A batch of transitions: s [B, O], a [B, A], r [B, 1], s' [B, O], terminated [B, 1] (0 or 1). */
    public record Batch(Tensor obs, Tensor actions, Tensor rewards, Tensor next, Tensor terminated) {}

    /** {@code n} transitions drawn uniformly with replacement. */
    public Batch sample(int n, Rng rng) {
        if (size == 0) throw new IllegalStateException("sampling from an empty replay buffer");
        float[] o = new float[n * obsDim], a = new float[n * actionDim], r = new float[n], s2 = new float[n * obsDim],
                d = new float[n];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(size);
            System.arraycopy(obs, k * obsDim, o, i * obsDim, obsDim);
            System.arraycopy(next, k * obsDim, s2, i * obsDim, obsDim);
            System.arraycopy(actions, k * actionDim, a, i * actionDim, actionDim);
            r[i] = rewards[k];
            d[i] = terminated[k];
        }
        // Gathered where the buffer is (the host); on a device backend each is one upload.
        return new Batch(Tensor.of(o, n, obsDim), Tensor.of(a, n, actionDim), Tensor.of(r, n, 1),
                Tensor.of(s2, n, obsDim), Tensor.of(d, n, 1));
    }

    /** The filled part as named tensors (for checkpoints; {@code <prefix>obs} etc.) and the ring position. */
    public Map<String, Tensor> state(String prefix) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        if (size == 0) return t;
        t.put(prefix + "obs", Tensor.wrap(Arrays.copyOf(obs, size * obsDim), size, obsDim));
        t.put(prefix + "next_obs", Tensor.wrap(Arrays.copyOf(next, size * obsDim), size, obsDim));
        t.put(prefix + "actions", Tensor.wrap(Arrays.copyOf(actions, size * actionDim), size, actionDim));
        t.put(prefix + "rewards", Tensor.wrap(Arrays.copyOf(rewards, size), size));
        t.put(prefix + "terminated", Tensor.wrap(Arrays.copyOf(terminated, size), size));
        return t;
    }

    public int position() { return position; }

    /** Restores what {@link #state} saved; {@code tensors} may be empty for an empty buffer. */
    public void restore(Map<String, Tensor> tensors, String prefix, int savedSize, int savedPosition) {
        // A buffer sized to a smaller budget that filled exactly has wrapped its position to 0 without ever
        // overwriting: in a larger buffer the same contents continue at position savedSize.
        if (savedSize > 0 && savedSize < capacity && savedPosition == 0) savedPosition = savedSize;
        if (savedSize < 0 || savedSize > capacity || savedPosition < 0 || savedPosition >= capacity
                || (savedSize < capacity && savedPosition != savedSize % capacity)) {
            throw new IllegalArgumentException("replay state size " + savedSize + ", position " + savedPosition
                    + " does not fit a buffer of capacity " + capacity);
        }
        if (savedSize > 0) { // check everything before changing anything
            check(tensors, prefix + "obs", savedSize * obsDim);
            check(tensors, prefix + "next_obs", savedSize * obsDim);
            check(tensors, prefix + "actions", savedSize * actionDim);
            check(tensors, prefix + "rewards", savedSize);
            check(tensors, prefix + "terminated", savedSize);
        }
        size = savedSize;
        position = savedPosition;
        if (size == 0) return;
        System.arraycopy(tensors.get(prefix + "obs").data(), 0, obs, 0, size * obsDim);
        System.arraycopy(tensors.get(prefix + "next_obs").data(), 0, next, 0, size * obsDim);
        System.arraycopy(tensors.get(prefix + "actions").data(), 0, actions, 0, size * actionDim);
        System.arraycopy(tensors.get(prefix + "rewards").data(), 0, rewards, 0, size);
        System.arraycopy(tensors.get(prefix + "terminated").data(), 0, terminated, 0, size);
    }

    private static void check(Map<String, Tensor> tensors, String name, int count) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("replay state: tensor '" + name + "' is missing");
        if (t.size() != count) {
            throw new IllegalArgumentException("replay state: tensor '" + name + "' has " + t.size() + " values, expected " + count);
        }
    }
}
