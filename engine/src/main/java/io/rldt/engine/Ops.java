package io.rldt.engine;

/**
 * Allocating conveniences over {@link Backends#current()}: each call returns a new tensor. Use these in
 * tests, setup code and composites; hot loops call a {@link Backend} with preallocated outputs instead.
 */
public final class Ops {
    private Ops() {}
    // Outputs that the backend op writes in full (elementwise, products, copies) come from Tensor.forOverwrite: a
    // recycled array is not zero-filled first. Reductions and random fills keep Tensor.zeros.

    private static Backend be() {
        return Backends.current();
    }

    public static Tensor unary(UnaryOp op, Tensor x) {
        Tensor out = Tensor.forOverwrite(x.shape()); // every backend's unary and binary ops write every element
        be().unary(op, x, out);
        return out;
    }

    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = Tensor.forOverwrite(Shapes.broadcast(a.shape(), b.shape()));
        be().binary(op, a, b, out);
        return out;
    }

    public static Tensor add(Tensor a, Tensor b) { return binary(BinaryOp.ADD, a, b); }
    public static Tensor sub(Tensor a, Tensor b) { return binary(BinaryOp.SUB, a, b); }
    public static Tensor mul(Tensor a, Tensor b) { return binary(BinaryOp.MUL, a, b); }
    public static Tensor div(Tensor a, Tensor b) { return binary(BinaryOp.DIV, a, b); }
    public static Tensor scale(Tensor a, float s) { return binary(BinaryOp.MUL, a, Tensor.scalar(s)); }
    public static Tensor exp(Tensor x) { return unary(UnaryOp.EXP, x); }
    public static Tensor log(Tensor x) { return unary(UnaryOp.LOG, x); }
    public static Tensor tanh(Tensor x) { return unary(UnaryOp.TANH, x); }
    public static Tensor relu(Tensor x) { return unary(UnaryOp.RELU, x); }

    /** Reduction over {@code axes}; {@code keepDims} keeps the reduced axes as size 1. */
    public static Tensor reduce(ReduceOp op, Tensor x, boolean keepDims, int... axes) {
        Tensor out = Tensor.zeros(Shapes.reduced(x.shape(), axes, keepDims));
        be().reduce(op, x, axes, out);
        return out;
    }

    /** Sum of all elements as a scalar tensor. */
    public static Tensor sumAll(Tensor x) {
        return reduce(ReduceOp.SUM, x, false, allAxes(x.rank()));
    }

    public static int[] allAxes(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) a[i] = i;
        return a;
    }

    /** {@code op(a)·op(b)}, batched when either operand has rank 3. */
    public static Tensor matmul(Tensor a, boolean ta, Tensor b, boolean tb) {
        int ar = a.rank(), br = b.rank();
        int m = ta ? a.dim(ar - 1) : a.dim(ar - 2);
        int n = tb ? b.dim(br - 2) : b.dim(br - 1);
        // the product overwrites every element (accumulate = false), so a recycled array need not be zeroed first
        Tensor out = ar == 3 || br == 3
                ? Tensor.forOverwrite(ar == 3 ? a.dim(0) : b.dim(0), m, n)
                : Tensor.forOverwrite(m, n);
        be().matmul(a, ta, b, tb, out, false);
        return out;
    }

    public static Tensor matmul(Tensor a, Tensor b) { return matmul(a, false, b, false); }

    public static Tensor permute(Tensor x, int... perm) {
        int[] s = x.shape();
        int[] o = new int[perm.length];
        for (int i = 0; i < perm.length; i++) o[i] = s[Shapes.axis(perm[i], s.length)];
        Tensor out = Tensor.forOverwrite(o);
        be().permute(x, perm, out);
        return out;
    }

    /** Swaps the last two axes. */
    public static Tensor transpose(Tensor x) {
        int r = x.rank();
        int[] perm = allAxes(r);
        perm[r - 1] = r - 2;
        perm[r - 2] = r - 1;
        return permute(x, perm);
    }

    public static Tensor slice(Tensor x, int axis, int start, int end) {
        int[] s = x.shape();
        s[Shapes.axis(axis, s.length)] = end - start;
        Tensor out = Tensor.forOverwrite(s);
        be().slice(x, axis, start, end, out);
        return out;
    }

    public static Tensor concat(int axis, Tensor... xs) {
        int[] s = xs[0].shape();
        int ax = Shapes.axis(axis, s.length);
        int total = 0;
        for (Tensor x : xs) total += x.rank() == s.length ? x.dim(ax) : 0;
        s[ax] = total;
        Tensor out = Tensor.forOverwrite(s);
        be().concat(xs, axis, out);
        return out;
    }

    public static Tensor indexSelect(Tensor x, int axis, int... index) {
        int[] s = x.shape();
        s[Shapes.axis(axis, s.length)] = index.length;
        Tensor out = Tensor.forOverwrite(s);
        be().indexSelect(x, axis, index, out);
        return out;
    }

    public static Tensor randn(Rng rng, int... shape) {
        Tensor out = Tensor.zeros(shape);
        be().randomNormal(rng, 0f, 1f, out);
        return out;
    }

    public static Tensor rand(Rng rng, float low, float high, int... shape) {
        Tensor out = Tensor.zeros(shape);
        be().randomUniform(rng, low, high, out);
        return out;
    }
}
