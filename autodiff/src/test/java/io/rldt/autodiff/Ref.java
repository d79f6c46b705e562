package io.rldt.autodiff;

import io.rldt.engine.Shapes;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A tiny double-precision tensor evaluator used as the forward reference of the gradient checks. It is
 * written independently of the ops (plain index arithmetic, no engine calls except shape helpers), so a
 * finite difference of it is an oracle for the ops' backward formulas.
 */
public record Ref(double[] v, int[] s) {

    public static Ref of(double[] v, int... s) {
        return new Ref(v, s);
    }

    public int size() { return v.length; }

    public Ref map(DoubleUnaryOperator f) {
        double[] o = new double[v.length];
        for (int i = 0; i < o.length; i++) o[i] = f.applyAsDouble(v[i]);
        return new Ref(o, s);
    }

    /** Offset into a tensor of shape {@code s} for the output multi-index of {@code out}, with broadcasting. */
    private static int offset(int flat, int[] out, int[] s) {
        int[] st = Shapes.broadcastStrides(s, out);
        int off = 0;
        for (int d = out.length - 1; d >= 0; d--) {
            off += (flat % out[d]) * st[d];
            flat /= out[d];
        }
        return off;
    }

    public Ref zip(Ref b, DoubleBinaryOperator f) {
        int[] out = Shapes.broadcast(s, b.s);
        double[] o = new double[Shapes.size(out)];
        for (int i = 0; i < o.length; i++) o[i] = f.applyAsDouble(v[offset(i, out, s)], b.v[offset(i, out, b.s)]);
        return new Ref(o, out);
    }

    /** Broadcast to {@code out}. */
    public Ref expand(int[] out) {
        return zip(new Ref(new double[Shapes.size(out)], out), (x, y) -> x);
    }

    public Ref add(Ref b) { return zip(b, Double::sum); }
    public Ref sub(Ref b) { return zip(b, (x, y) -> x - y); }
    public Ref mul(Ref b) { return zip(b, (x, y) -> x * y); }

    /** Element at a multi-index. */
    public double at(int... idx) {
        int off = 0;
        for (int d = 0; d < idx.length; d++) off = off * s[d] + idx[d];
        return v[off];
    }

    /** Sum over axes (all when empty), keeping them as 1 or dropping them. */
    public Ref sum(boolean keep, int... axes) {
        if (axes.length == 0) {
            axes = new int[s.length];
            for (int i = 0; i < s.length; i++) axes[i] = i;
        }
        int[] ks = Shapes.reduced(s, axes, true);
        double[] o = new double[Shapes.size(ks)];
        for (int i = 0; i < v.length; i++) {
            // map the full index to the reduced index
            int flat = i, off = 0, mul = 1;
            for (int d = s.length - 1; d >= 0; d--) {
                int id = flat % s[d];
                flat /= s[d];
                off += (ks[d] == 1 ? 0 : id) * mul;
                mul *= ks[d];
            }
            o[off] += v[i];
        }
        return new Ref(o, Shapes.reduced(s, axes, keep));
    }

    public Ref reshape(int... shape) { return new Ref(v, shape); }

    /** op(a)·op(b), ranks 2 or 3 (rank-2 operand broadcast over the batch). */
    public static Ref matmul(Ref a, boolean ta, Ref b, boolean tb) {
        int ar = a.s.length, br = b.s.length;
        int m = ta ? a.s[ar - 1] : a.s[ar - 2], k = ta ? a.s[ar - 2] : a.s[ar - 1];
        int n = tb ? b.s[br - 2] : b.s[br - 1];
        int batch = ar == 3 ? a.s[0] : br == 3 ? b.s[0] : 1;
        double[] o = new double[batch * m * n];
        for (int bt = 0; bt < batch; bt++) {
            int ao = ar == 3 ? bt * m * k : 0, bo = br == 3 ? bt * k * n : 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        double x = ta ? a.v[ao + p * m + i] : a.v[ao + i * k + p];
                        double y = tb ? b.v[bo + j * k + p] : b.v[bo + p * n + j];
                        acc += x * y;
                    }
                    o[bt * m * n + i * n + j] = acc;
                }
            }
        }
        return ar == 3 || br == 3 ? new Ref(o, new int[] {batch, m, n}) : new Ref(o, new int[] {m, n});
    }

    /** General gather: {@code out[idx] = this[srcIndex(idx)]} over a new shape. */
    private Ref gather(int[] out, java.util.function.Function<int[], int[]> src) {
        double[] o = new double[Shapes.size(out)];
        int[] idx = new int[out.length];
        for (int i = 0; i < o.length; i++) {
            int flat = i;
            for (int d = out.length - 1; d >= 0; d--) {
                idx[d] = flat % out[d];
                flat /= out[d];
            }
            o[i] = at(src.apply(idx));
        }
        return new Ref(o, out);
    }

    public Ref permute(int... perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) out[i] = s[perm[i]];
        return gather(out, idx -> {
            int[] si = new int[perm.length];
            for (int i = 0; i < perm.length; i++) si[perm[i]] = idx[i];
            return si;
        });
    }

    public Ref slice(int axis, int start, int end) {
        int[] out = s.clone();
        out[axis] = end - start;
        return gather(out, idx -> {
            int[] si = idx.clone();
            si[axis] += start;
            return si;
        });
    }

    public Ref indexSelect(int axis, int... index) {
        int[] out = s.clone();
        out[axis] = index.length;
        return gather(out, idx -> {
            int[] si = idx.clone();
            si[axis] = index[idx[axis]];
            return si;
        });
    }

    public static Ref concat(int axis, Ref... xs) {
        int[] out = xs[0].s.clone();
        out[axis] = 0;
        for (Ref x : xs) out[axis] += x.s[axis];
        return new Ref(new double[Shapes.size(out)], out).withGather(axis, xs);
    }

    private Ref withGather(int axis, Ref[] xs) {
        int[] idx = new int[s.length];
        for (int i = 0; i < v.length; i++) {
            int flat = i;
            for (int d = s.length - 1; d >= 0; d--) {
                idx[d] = flat % s[d];
                flat /= s[d];
            }
            int a = idx[axis], part = 0;
            while (a >= xs[part].s[axis]) a -= xs[part++].s[axis];
            int[] si = idx.clone();
            si[axis] = a;
            v[i] = xs[part].at(si);
        }
        return this;
    }
}
