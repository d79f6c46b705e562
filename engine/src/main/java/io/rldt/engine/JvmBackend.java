package io.rldt.engine;

import java.util.Arrays;

/**
 * The plain-Java reference backend: scalar loops, no tricks. It is the definition of every primitive; every
 * faster backend is tested against it. Single-threaded and allocation-free apart from small index arrays.
 */
public class JvmBackend implements Backend {

    @Override
    public String name() {
        return "jvm";
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Checks.sameShape("unary " + op, x, out);
        float[] xd = x.data(), od = out.data();
        for (int i = 0, n = x.size(); i < n; i++) od[i] = op.apply(xd[i]);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = Shapes.broadcast(a.shape(), b.shape());
        Checks.outShape("binary " + op, out, shape, a, b);
        float[] ad = a.data(), bd = b.data(), od = out.data();
        int n = out.size();
        if (a.sameShape(b)) {
            for (int i = 0; i < n; i++) od[i] = op.apply(ad[i], bd[i]);
            return;
        }
        int[] sa = Shapes.broadcastStrides(a.shape(), shape);
        int[] sb = Shapes.broadcastStrides(b.shape(), shape);
        int rank = shape.length;
        int[] idx = new int[rank];
        int ia = 0, ib = 0;
        for (int i = 0; i < n; i++) {
            od[i] = op.apply(ad[ia], bd[ib]);
            // odometer increment over the output index, moving the input offsets by their strides
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    ia += sa[d];
                    ib += sb[d];
                    break;
                }
                ia -= sa[d] * (shape[d] - 1);
                ib -= sb[d] * (shape[d] - 1);
                idx[d] = 0;
            }
        }
    }

    @Override
    public void axpby(float alpha, Tensor x, float beta, Tensor y, Tensor out) {
        Checks.sameShape("axpby", x, y);
        Checks.sameShape("axpby", x, out);
        float[] xd = x.data(), yd = y.data(), od = out.data();
        for (int i = 0, n = x.size(); i < n; i++) od[i] = alpha * xd[i] + beta * yd[i];
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        int[] shape = x.shape();
        int[] keep = Shapes.reduced(shape, axes, true);
        Checks.reduceOut(op, x, axes, out);
        float[] od = out.data();
        float init = switch (op) {
            case SUM, MEAN -> 0f;
            case MAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
        };
        int m = out.size();
        // Accumulate in double so the reference is the more accurate side of every comparison.
        double[] acc = new double[m];
        Arrays.fill(acc, init);
        int[] os = Shapes.broadcastStrides(keep, shape); // reduced axes get stride 0
        int rank = shape.length;
        int[] idx = new int[rank];
        float[] xd = x.data();
        int o = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            double v = xd[i];
            switch (op) {
                case SUM, MEAN -> acc[o] += v;
                case MAX -> acc[o] = (Double.isNaN(v) || v > acc[o]) ? v : acc[o];
                case MIN -> acc[o] = (Double.isNaN(v) || v < acc[o]) ? v : acc[o];
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    o += os[d];
                    break;
                }
                o -= os[d] * (shape[d] - 1);
                idx[d] = 0;
            }
        }
        int count = m == 0 ? 0 : x.size() / m; // 0 for an empty axis: MEAN gives 0/0 = NaN, like NumPy
        for (int i = 0; i < m; i++) {
            od[i] = (float) (op == ReduceOp.MEAN ? acc[i] / count : acc[i]);
        }
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Tensor out, boolean accumulate) {
        MatmulShape s = MatmulShape.of(a, ta, b, tb, out);
        float[] ad = a.data(), bd = b.data(), od = out.data();
        for (int bt = 0; bt < s.batch(); bt++) {
            int aOff = s.aBatchStride() * bt, bOff = s.bBatchStride() * bt, oOff = s.m() * s.n() * bt;
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    double sum = 0;
                    for (int p = 0; p < s.k(); p++) {
                        float av = ta ? ad[aOff + p * s.m() + i] : ad[aOff + i * s.k() + p];
                        float bv = tb ? bd[bOff + j * s.k() + p] : bd[bOff + p * s.n() + j];
                        sum += (double) av * bv;
                    }
                    int o = oOff + i * s.n() + j;
                    od[o] = accumulate ? (float) (od[o] + sum) : (float) sum;
                }
            }
        }
    }

    // ---------------------------------------------------------------- layout

    @Override
    public void permute(Tensor x, int[] perm, Tensor out) {
        int[] shape = x.shape();
        int rank = shape.length;
        if (perm.length != rank) {
            throw new IllegalArgumentException("permute " + Arrays.toString(perm) + " of shape " + Shapes.str(shape)
                    + ": expected " + rank + " axes");
        }
        int[] outShape = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int p = Shapes.axis(perm[i], rank);
            if (seen[p]) throw new IllegalArgumentException("permute " + Arrays.toString(perm) + ": axis repeated");
            seen[p] = true;
            outShape[i] = shape[p];
        }
        Checks.outShape("permute", out, outShape, x);
        int[] xs = Shapes.strides(shape);
        int[] step = new int[rank];
        for (int i = 0; i < rank; i++) step[i] = xs[Shapes.axis(perm[i], rank)];
        int[] idx = new int[rank];
        float[] xd = x.data(), od = out.data();
        int off = 0;
        for (int i = 0, n = out.size(); i < n; i++) {
            od[i] = xd[off];
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < outShape[d]) {
                    off += step[d];
                    break;
                }
                off -= step[d] * (outShape[d] - 1);
                idx[d] = 0;
            }
        }
    }

    @Override
    public void slice(Tensor x, int axis, int start, int end, Tensor out) {
        int[] shape = x.shape();
        int ax = Checks.slice(x, axis, start, end, out);
        Blocks blk = Blocks.of(shape, ax);
        int len = end - start;
        for (int o = 0; o < blk.outer(); o++) {
            System.arraycopy(x.data(), (o * shape[ax] + start) * blk.inner(), out.data(), o * len * blk.inner(),
                    len * blk.inner());
        }
    }

    @Override
    public void sliceInto(Tensor src, int axis, int start, Tensor out, boolean accumulate) {
        int ax = Checks.sliceInto(src, axis, start, out);
        int[] os = out.shape();
        int len = src.dim(ax);
        Blocks blk = Blocks.of(os, ax);
        float[] sd = src.data(), od = out.data();
        int chunk = len * blk.inner();
        for (int o = 0; o < blk.outer(); o++) {
            int dst = (o * os[ax] + start) * blk.inner(), s0 = o * chunk;
            if (accumulate) {
                for (int i = 0; i < chunk; i++) od[dst + i] += sd[s0 + i];
            } else {
                System.arraycopy(sd, s0, od, dst, chunk);
            }
        }
    }

    @Override
    public void concat(Tensor[] xs, int axis, Tensor out) {
        int ax = Checks.concat(xs, axis, out);
        int start = 0;
        for (Tensor x : xs) {
            sliceInto(x, ax, start, out, false);
            start += x.dim(ax);
        }
    }

    @Override
    public void indexSelect(Tensor x, int axis, int[] index, Tensor out) {
        int[] shape = x.shape();
        int ax = Checks.indexSelectOut(x, axis, index.length, out);
        Blocks blk = Blocks.of(shape, ax);
        for (int o = 0; o < blk.outer(); o++) {
            for (int i = 0; i < index.length; i++) {
                int r = Checks.index("indexSelect", index[i], shape[ax]);
                System.arraycopy(x.data(), (o * shape[ax] + r) * blk.inner(), out.data(),
                        (o * index.length + i) * blk.inner(), blk.inner());
            }
        }
    }

    @Override
    public void indexAdd(Tensor src, int axis, int[] index, Tensor out) {
        int[] os = out.shape();
        int ax = Checks.indexAddSrc(src, axis, index.length, out);
        Blocks blk = Blocks.of(os, ax);
        float[] sd = src.data(), od = out.data();
        for (int o = 0; o < blk.outer(); o++) {
            for (int i = 0; i < index.length; i++) {
                int r = Checks.index("indexAdd", index[i], os[ax]);
                int dst = (o * os[ax] + r) * blk.inner(), s0 = (o * index.length + i) * blk.inner();
                for (int j = 0; j < blk.inner(); j++) od[dst + j] += sd[s0 + j];
            }
        }
    }

    // ---------------------------------------------------------------- fill, copy, random

    @Override
    public void fill(Tensor out, float value) {
        Arrays.fill(out.data(), 0, out.size(), value);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("copy: src " + Shapes.str(src.shape()) + " and dst "
                    + Shapes.str(dst.shape()) + " differ in size");
        }
        System.arraycopy(src.data(), 0, dst.data(), 0, src.size());
    }

    @Override
    public void randomNormal(Rng rng, float mean, float std, Tensor out) {
        float[] od = out.data();
        for (int i = 0, n = out.size(); i < n; i++) od[i] = (float) (mean + std * rng.nextGaussian());
    }

    @Override
    public void randomUniform(Rng rng, float low, float high, Tensor out) {
        float[] od = out.data();
        float w = high - low;
        float top = Math.nextDown(high);
        for (int i = 0, n = out.size(); i < n; i++) {
            // low + w·u can round up to high (e.g. [1, 2)); clamp to keep the interval half-open
            float v = low + w * rng.nextFloat();
            od[i] = v >= high && high > low ? top : v;
        }
    }

    /** A tensor viewed as [outer, dim(axis), inner] around one axis. */
    record Blocks(int outer, int inner) {
        static Blocks of(int[] shape, int axis) {
            int outer = 1, inner = 1;
            for (int i = 0; i < axis; i++) outer *= shape[i];
            for (int i = axis + 1; i < shape.length; i++) inner *= shape[i];
            return new Blocks(outer, inner);
        }
    }
}
