package io.rldt.autodiff;

import io.rldt.engine.Ops;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The reverse-mode tape: ops append nodes in execution order; {@link #backward} walks them in reverse with
 * a plain loop (no recursion, so depth is unlimited).
 *
 * <p><b>Scopes.</b> The current tape is thread-local. {@code try (Tape tape = Tape.record()) { ... }} makes a
 * new tape current; {@code try (var s = Tape.noGrad()) { ... }} suspends recording. Both restore the previous
 * state on close, so they nest. Outside any recording scope ops compute values but record nothing (as in
 * no-grad mode): gradients exist only for work done inside {@code record()}.
 *
 * <p><b>What is recorded.</b> An op records a node only when a tape is current and at least one input
 * requires a gradient; its output then requires a gradient too. Constants and {@link Var#detach()}ed values
 * stop the flow ({@code sg[·]}).
 *
 * <p><b>Two ways to differentiate.</b>
 * <ul>
 *   <li>{@link #backward(Var)} accumulates ({@code +=}) into {@link Var#grad()} of every leaf that requires a
 *       gradient (parameters). Call {@code zeroGrad} between steps.</li>
 *   <li>{@link #grad(Var, Var...)} returns fresh gradient tensors w.r.t. the given variables (leaves or
 *       intermediates) and touches no {@code Var.grad}; it only evaluates the part of the graph that depends
 *       on them (the critic's ∇ₐQ costs no parameter gradients).</li>
 * </ul>
 * Both may be called several times on one tape (the graph is kept until the tape is closed).
 *
 * <pre>{@code
 * opt.zeroGrad();
 * try (Tape tape = Tape.record()) {
 *     Var loss = F.mse(net.forward(x), y);
 *     tape.backward(loss);                      // parameter grads += dL/dθ
 * }
 * opt.step();
 *
 * try (Tape tape = Tape.record()) {            // critic gradient w.r.t. the action only
 *     Var a = Var.param(actions);
 *     Tensor dqda = tape.grad(F.sum(q.forward(F.concat(-1, s, a))), a)[0];
 * }
 * }</pre>
 */
public final class Tape implements AutoCloseable {
    private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();

    /** One recorded op application. */
    private record Node(Op op, Var[] inputs, Var output) {}

    private final List<Node> nodes = new ArrayList<>();
    private final Tape previous;
    private boolean closed;

    private Tape(Tape previous) {
        this.previous = previous;
    }

    /** Starts recording on a new tape that becomes current until {@link #close()}. */
    public static Tape record() {
        Tape t = new Tape(CURRENT.get());
        CURRENT.set(t);
        return t;
    }

    /** Suspends recording until the returned scope is closed. */
    public static Scope noGrad() {
        Tape prev = CURRENT.get();
        CURRENT.set(null);
        return () -> CURRENT.set(prev);
    }

    /** The current recording tape, or null. */
    public static Tape current() {
        return CURRENT.get();
    }

    public static boolean isRecording() {
        return CURRENT.get() != null;
    }

    /**
     * True when an op applied now to {@code inputs} would be recorded (a tape is current and some input
     * requires a gradient). Ops check it to skip buffers only their backward pass reads, so inference under
     * {@link #noGrad()} allocates no backward state.
     */
    public static boolean willRecord(Var... inputs) {
        if (CURRENT.get() == null) return false;
        for (Var v : inputs) if (v != null && v.requiresGrad()) return true;
        return false;
    }

    /** A scope whose {@code close} cannot fail. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Number of recorded nodes (for tests and diagnostics). */
    public int size() {
        return nodes.size();
    }

    /**
     * The entry point every op uses: wraps {@code value} as the op's output and records a node if the current
     * tape is recording and any input requires a gradient.
     */
    public static Var apply(Op op, Tensor value, Var... inputs) {
        Tape t = CURRENT.get();
        boolean needs = false;
        if (t != null) {
            for (Var v : inputs) needs |= v.requiresGrad();
        }
        Var out = new Var(value, needs, !needs);
        if (needs) {
            t.nodes.add(new Node(op, inputs.clone(), out));
            out.recordedOn = t;
        } else if (t == null) {
            for (Var v : inputs) out.untracked |= v.requiresGrad() || v.untracked;
        }
        return out;
    }

    /** {@code backward(loss, 1)}; the loss must have exactly one element. */
    public void backward(Var loss) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException("backward: loss must have one element, got shape "
                    + Shapes.str(loss.shape()) + "; use backward(output, seed)");
        }
        backward(loss, Tensor.ones(loss.shape()));
    }

    /** Accumulates {@code seedᵀ·∂output/∂leaf} into the grad of every leaf that requires a gradient. */
    public void backward(Var output, Tensor seed) {
        requireRecordedHere("backward", output);
        Map<Var, Tensor> grads = propagate(output, seed, Var::requiresGrad);
        for (Map.Entry<Var, Tensor> e : grads.entrySet()) {
            if (e.getKey().isLeaf() && e.getKey().requiresGrad()) e.getKey().accumulate(e.getValue());
        }
    }

    /**
     * Gradients of {@code sum(output)} w.r.t. each of {@code wrt} (zeros where {@code output} does not depend
     * on it). Each {@code wrt} must require gradients (a {@link Var#param} leaf or a recorded intermediate).
     * No {@link Var#grad()} is modified.
     */
    public Tensor[] grad(Var output, Var... wrt) {
        return grad(output, Tensor.ones(output.shape()), wrt);
    }

    /** Gradients of {@code ⟨seed, output⟩} w.r.t. each of {@code wrt}; no {@link Var#grad()} is modified. */
    public Tensor[] grad(Var output, Tensor seed, Var... wrt) {
        requireRecordedHere("grad", output);
        Set<Var> dependent = dependents("grad", java.util.Arrays.asList(wrt));
        Map<Var, Tensor> grads = propagate(output, seed, dependent::contains);
        Tensor[] out = new Tensor[wrt.length];
        for (int i = 0; i < wrt.length; i++) {
            Tensor g = grads.get(wrt[i]);
            out[i] = g != null ? g.copy() : Tensor.zeros(wrt[i].shape());
        }
        return out;
    }

    /**
     * {@link #backward(Var)} restricted to {@code leaves}: accumulates only into their gradients and skips every
     * gradient that none of them needs. SAC's actor loss runs through the critics; with the actor's parameters as
     * {@code leaves} the critics' weight gradients are never computed (and their {@code grad()} stays untouched).
     */
    public void backward(Var loss, java.util.Collection<Var> leaves) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException("backward: loss must have one element, got shape " + Shapes.str(loss.shape()));
        }
        requireRecordedHere("backward", loss);
        Set<Var> dependent = dependents("backward", leaves);
        Map<Var, Tensor> grads = propagate(loss, Tensor.ones(loss.shape()), dependent::contains);
        for (Var leaf : leaves) {
            Tensor g = grads.get(leaf);
            if (g != null && leaf.isLeaf()) leaf.accumulate(g);
        }
    }

    /**
     * Differentiating a value this tape did not record would leave every gradient untouched (null) and the
     * optimizer step a silent no-op; say so instead. Leaves (parameters, constants) are fine.
     */
    private void requireRecordedHere(String caller, Var output) {
        if (closed) throw new IllegalStateException(caller + ": tape is closed");
        if (output.untracked) {
            throw new IllegalStateException(caller + ": " + output.describe() + " was computed while no tape was recording "
                    + "(outside Tape.record() or under Tape.noGrad()) from values that require gradients; compute it "
                    + "inside the try (Tape tape = Tape.record()) block");
        }
        if (!output.isLeaf() && output.recordedOn != this) {
            throw new IllegalStateException(caller + ": " + output.describe() + " was recorded on another tape (an "
                    + "earlier, closed one, or another nested scope); call " + caller + " on the tape that recorded it");
        }
    }

    /** Forward reachability: {@code from} and every recorded value that depends on one of them. */
    private Set<Var> dependents(String caller, java.util.Collection<Var> from) {
        Set<Var> dependent = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Var w : from) {
            if (!w.requiresGrad()) {
                throw new IllegalArgumentException(caller + ": " + w.describe() + " does not require gradients; create it with "
                        + "Var.param to differentiate with respect to it");
            }
            dependent.add(w);
        }
        for (Node n : nodes) {
            for (Var in : n.inputs) {
                if (dependent.contains(in)) {
                    dependent.add(n.output);
                    break;
                }
            }
        }
        return dependent;
    }

    /** The reverse walk: returns dL/dv for every var reached, keyed by identity. */
    private Map<Var, Tensor> propagate(Var output, Tensor seed, Predicate<Var> wanted) {
        if (closed) throw new IllegalStateException("tape is closed");
        if (!seed.hasShape(output.shape())) {
            throw new IllegalArgumentException("seed shape " + Shapes.str(seed.shape()) + " differs from output "
                    + output.describe());
        }
        Map<Var, Tensor> grads = new IdentityHashMap<>();
        grads.put(output, seed);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            Tensor g = grads.get(n.output);
            if (g == null) continue;
            boolean[] needed = new boolean[n.inputs.length];
            boolean any = false;
            for (int j = 0; j < needed.length; j++) {
                needed[j] = n.inputs[j].requiresGrad() && wanted.test(n.inputs[j]);
                any |= needed[j];
            }
            if (!any) continue;
            Tensor[] gin = n.op.backward(g, needed);
            if (gin.length != n.inputs.length) {
                throw new IllegalStateException("op " + n.op.name() + ": backward returned " + gin.length
                        + " gradients for " + n.inputs.length + " inputs");
            }
            for (int j = 0; j < gin.length; j++) {
                if (!needed[j]) continue;
                Var in = n.inputs[j];
                if (gin[j] == null) {
                    throw new IllegalStateException("op " + n.op.name() + ": no gradient for input " + j + " "
                            + in.describe());
                }
                Tensor gj = reduceTo(n.op, j, gin[j], in);
                Tensor prev = grads.get(in);
                // Never write into gj or prev: either may alias another gradient or a saved value.
                grads.put(in, prev == null ? gj : Ops.add(prev, gj));
            }
        }
        return grads;
    }

    private static Tensor reduceTo(Op op, int j, Tensor g, Var in) {
        try {
            return Broadcast.sumTo(g, in.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("op " + op.name() + ": gradient for input " + j + " has shape "
                    + Shapes.str(g.shape()) + " but the input " + in.describe() + " has shape "
                    + Shapes.str(in.shape()), e);
        }
    }

    /** Drops the recorded graph and restores the previously current tape. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        nodes.clear();
        if (CURRENT.get() == this) CURRENT.set(previous);
    }
}
