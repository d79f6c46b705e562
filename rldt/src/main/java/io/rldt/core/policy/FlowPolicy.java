package io.rldt.core.policy;

import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.engine.Workspace;

/**
 * A flow-matching policy: a {@link VelocityNet} integrated by K Euler steps from noise ({@code t = 0}) to an
 * action chunk ({@code t = 1}) on the grid {@code t_k = k/K} (spec §1). No clipping inside the chain.
 * Sampling records nothing on any tape, and from its second Euler step on allocates no activations.
 */
public final class FlowPolicy {
    private final VelocityNet net;
    private final int steps;
    /** Recycles each Euler step's activations for the next step (same shapes every step). */
    private final Workspace workspace = new Workspace();

    public FlowPolicy(VelocityNet net, int denoisingSteps) {
        if (denoisingSteps < 1) {
            throw new IllegalArgumentException("FlowPolicy: denoisingSteps is " + denoisingSteps + ", expected >= 1");
        }
        this.net = net;
        this.steps = denoisingSteps;
    }

    public VelocityNet net() { return net; }

    /** K. */
    public int steps() { return steps; }

    public int actionDim() { return net.actionDim(); }

    public int obsDim() { return net.obsDim(); }

    /** {@code t_k = k/K}. */
    public float time(int k) { return (float) k / steps; }

    /**
     * Runs the whole chain for every row of {@code obs}.
     *
     * @param obs           [N, O]
     * @param rng           draws {@code x_0 ~ N(0, I)}; unused when {@code deterministic}
     * @param deterministic start from {@code x_0 = 0} (evaluation on locomotion)
     */
    public Chain sample(Tensor obs, Rng rng, boolean deterministic) {
        int n = obs.dim(0), d = actionDim();
        Backend be = Backends.current(); // primitives only: on a device backend the chain never leaves it
        Tensor states = Tensor.zeros(steps + 1, n, d);     // x_0 .. x_K
        Tensor velocities = Tensor.zeros(steps, n, d);     // v_0 .. v_{K-1}
        Tensor x = Tensor.zeros(n, d), t = Tensor.zeros(n, 1);
        if (!deterministic) {
            be.randomNormal(rng, 0f, 1f, x); // x_0 ~ N(0, I), row by row
            be.sliceInto(x.reshape(1, n, d), 0, 0, states, false);
        }
        double[] args = {0, 1f / steps, n * d};
        // The weights stay fixed for the whole chain: the backend may pack them once for all K steps.
        try (var ignored = Tape.noGrad(); var fixed = be.constantWeights()) {
            // The observation's part of the first layer is the same at every step: once per chain.
            ChainEvaluation.Conditioning s = ChainEvaluation.condition(net, Var.constant(obs));
            for (int k = 0; k < steps; k++) {
                be.slice(states, 0, k, k + 1, x.reshape(1, n, d));
                be.fill(t, time(k));
                try (var step = workspace.scope()) { // the step's tensors die here: only v is copied out
                    Tensor v = ChainEvaluation.forward(net, Var.constant(x), Var.constant(t), s).value();
                    be.sliceInto(v.reshape(1, n, d), 0, k, velocities, false);
                }
                args[0] = k;
                be.kernel(EULER_STEP, args, states, velocities); // x_{k+1} = x_k + Δt·v_k
            }
        }
        return new Chain(states, velocities);
    }

    /** states [K+1, N, D] in place: row k+1 ← row k + Δt·velocities[k]; p = {k, Δt, N·D}. */
    private static final HostKernel EULER_STEP = new HostKernel("euler_step", (states, in, p) -> { // in: velocities
        float[] xs = states.data(), vs = in[0].data();
        int k = (int) p[0], nd = (int) p[2];
        float dt = (float) p[1];
        int cur = k * nd, next = (k + 1) * nd;
        for (int i = 0; i < nd; i++) xs[next + i] = xs[cur + i] + dt * vs[cur + i];
    });

    /** The final action chunks {@code x_K} [N, D] only. */
    public Tensor act(Tensor obs, Rng rng, boolean deterministic) {
        return sample(obs, rng, deterministic).actions();
    }

    /**
     * {@link #act} for {@code obs [N, O]}, {@code chunkRows} rows at a time (0 = all at once): the sampler draws each
     * row's noise in row order, so the samples are the same either way; only the memory differs (bootstrap
     * actions for a whole round's next states).
     */
    public Tensor act(Tensor obs, Rng rng, boolean deterministic, int chunkRows) {
        int n = obs.dim(0), o = obs.dim(1), d = actionDim();
        if (chunkRows <= 0 || chunkRows >= n) return act(obs, rng, deterministic);
        Tensor out = Tensor.zeros(n, d);
        for (int from = 0; from < n; from += chunkRows) {
            int to = Math.min(n, from + chunkRows);
            Tensor part = act(Ops.slice(obs, 0, from, to), rng, deterministic);
            Backends.current().sliceInto(part, 0, from, out, false);
        }
        return out;
    }

    /** v_θ at given points, recorded on the current tape if any: x [N, D], t [N, 1], s [N, O] → [N, D]. */
    public Var velocity(Var x, Var t, Var s) {
        return net.forward(x, t, s);
    }
}
