package io.rldt.autodiff;

import io.rldt.engine.Backends;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/**
 * A node value in the autodiff graph: a {@link Tensor} value, a lazily allocated gradient of the same shape,
 * a {@code requiresGrad} flag and an optional name (used in error messages and checkpoints).
 *
 * <p>A <em>leaf</em> is a variable not produced by a recorded op (parameters, inputs). {@link Tape#backward}
 * accumulates ({@code +=}) into the {@link #grad()} of leaves that require gradients; intermediate results
 * never get a {@code grad} tensor (their gradients live only inside one backward pass).
 *
 * <p>The value tensor is not copied: ops keep references to their inputs' values for the backward pass, so
 * mutate a value in place (an optimizer step) only after {@code backward} has run.
 */
public final class Var {
    private final Tensor value;
    private final boolean requiresGrad;
    private final boolean leaf;
    private Tensor grad;
    private String name;
    /** The tape that recorded the op producing this value, or null (leaves, unrecorded results). */
    Tape recordedOn;
    /**
     * True for a result computed while no tape was recording (outside {@code record()} or under {@code noGrad})
     * from values that require gradients: differentiating it would silently give nothing.
     */
    boolean untracked;

    Var(Tensor value, boolean requiresGrad, boolean leaf) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.leaf = leaf;
    }

    /** A constant leaf: never receives a gradient. */
    public static Var constant(Tensor value) {
        return new Var(value, false, true);
    }

    /** A trainable leaf (parameter or an input whose gradient you want, e.g. the action in ∇_a Q). */
    public static Var param(Tensor value) {
        return new Var(value, true, true);
    }

    /** A named trainable leaf. */
    public static Var param(String name, Tensor value) {
        return param(value).named(name);
    }

    /** A scalar constant. */
    public static Var scalar(float v) {
        return constant(Tensor.scalar(v));
    }

    /** The paper's {@code sg[·]}: the same value (shared, not copied) as a constant leaf. */
    public Var detach() {
        return constant(value);
    }

    public Tensor value() { return value; }

    /** The accumulated gradient, or null before the first backward pass that reached this leaf. */
    public Tensor grad() { return grad; }

    /**
     * The accumulated gradient, allocating a zero tensor if none exists yet (for optimizers). A gradient buffer
     * outlives the step that creates it, so it never comes from a {@link io.rldt.engine.Workspace} scope: a
     * training step can run inside one without allocating its parameters' gradients first.
     */
    public Tensor gradOrZeros() {
        if (grad == null) grad = Tensor.persistentZeros(value.shape());
        return grad;
    }

    public boolean requiresGrad() { return requiresGrad; }

    public boolean isLeaf() { return leaf; }

    public String name() { return name; }

    public Var named(String name) {
        this.name = name;
        return this;
    }

    public int[] shape() { return value.shape(); }

    public int dim(int axis) { return value.dim(axis); }

    public int rank() { return value.rank(); }

    /**
     * The single element of a one-element value: how a loss or a metric leaves a device (an announced download;
     * the value stays where it is).
     */
    public float item() {
        if (value.size() != 1) return value.item(); // its message names the shape
        return value.onHost() ? value.item() : value.toArray()[0];
    }

    /** Sets the gradient to zero (keeps the buffer so optimizers see a stable tensor). */
    public void zeroGrad() {
        if (grad != null) Backends.current().fill(grad, 0f);
    }

    /** {@code grad += g} (g has this variable's shape). Package-private: only the tape accumulates. */
    void accumulate(Tensor g) {
        if (!g.hasShape(value.shape())) {
            throw new IllegalStateException("gradient of shape " + Shapes.str(g.shape()) + " for "
                    + describe() + " of shape " + Shapes.str(value.shape()));
        }
        if (grad == null) grad = Tensor.persistentZeros(value.shape()); // outlives any scope (see gradOrZeros)
        Backends.current().binary(BinaryOp.ADD, grad, g, grad); // exact elementwise sums: any backend, same bits
    }

    // ---------------------------------------------------------------------------------  fluent operations
    // Each is the {@link F} function of the same name with this variable as its first operand, so a loss
    // reads like its formula: {@code v.mul(w).sum().scale(-1f / n)} is {@code F.scale(F.sum(F.mul(v, w)), -1f / n)}.

    /** {@code this + other} (broadcasting). */
    public Var add(Var other) { return F.add(this, other); }

    /** {@code this − other} (broadcasting). */
    public Var sub(Var other) { return F.sub(this, other); }

    /** {@code this ⊙ other} (broadcasting). */
    public Var mul(Var other) { return F.mul(this, other); }

    /** {@code this / other} (broadcasting). */
    public Var div(Var other) { return F.div(this, other); }

    /** {@code this + sg[t]}: a constant tensor added (broadcasting). */
    public Var add(Tensor t) { return F.add(this, constant(t)); }

    /** {@code this − sg[t]}. */
    public Var sub(Tensor t) { return F.sub(this, constant(t)); }

    /** {@code this ⊙ sg[t]}. */
    public Var mul(Tensor t) { return F.mul(this, constant(t)); }

    /** {@code s·this}. */
    public Var scale(float s) { return F.scale(this, s); }

    /** {@code this + c}. */
    public Var plus(float c) { return F.addScalar(this, c); }

    /** {@code −this}. */
    public Var neg() { return F.neg(this); }

    /** {@code this²} elementwise. */
    public Var square() { return F.square(this); }

    /** {@code √this} elementwise. */
    public Var sqrt() { return F.sqrt(this); }

    /** {@code e^this} elementwise. */
    public Var exp() { return F.exp(this); }

    /** {@code ln this} elementwise. */
    public Var log() { return F.log(this); }

    /** {@code |this|} elementwise. */
    public Var abs() { return F.abs(this); }

    /** {@code tanh this} elementwise. */
    public Var tanh() { return F.tanh(this); }

    /** {@code clip(this, lo, hi)} elementwise (zero gradient outside). */
    public Var clamp(float lo, float hi) { return F.clamp(this, lo, hi); }

    /** {@code min(this, other)} elementwise. */
    public Var min(Var other) { return F.minimum(this, other); }

    /** {@code max(this, other)} elementwise. */
    public Var max(Var other) { return F.maximum(this, other); }

    /** The sum of every element, a scalar. */
    public Var sum() { return F.sum(this); }

    /** The sum over {@code axes}. */
    public Var sum(boolean keepDims, int... axes) { return F.sum(this, keepDims, axes); }

    /** The mean of every element, a scalar. */
    public Var mean() { return F.mean(this); }

    /** The mean over {@code axes}. */
    public Var mean(boolean keepDims, int... axes) { return F.mean(this, keepDims, axes); }

    /** The same elements in another shape ({@code -1}: inferred). */
    public Var reshape(int... shape) { return F.reshape(this, shape); }

    /** The name if any, else "var" with the shape: for error messages. */
    public String describe() {
        return (name != null ? name : "var") + Shapes.str(value.shape());
    }

    @Override
    public String toString() {
        return "Var(" + describe() + (requiresGrad ? ", requiresGrad" : "") + ")";
    }
}
