package io.rldt.autodiff;

import io.rldt.autodiff.ops.Abs;
import io.rldt.autodiff.ops.Add;
import io.rldt.autodiff.ops.BiasAdd;
import io.rldt.autodiff.ops.Clamp;
import io.rldt.autodiff.ops.Concat;
import io.rldt.autodiff.ops.Cos;
import io.rldt.autodiff.ops.Div;
import io.rldt.autodiff.ops.Exp;
import io.rldt.autodiff.ops.GaussianLogProb;
import io.rldt.autodiff.ops.IndexSelect;
import io.rldt.autodiff.ops.LayerNorm;
import io.rldt.autodiff.ops.LinearAct;
import io.rldt.autodiff.ops.Log1mTanhSq;
import io.rldt.autodiff.ops.Log;
import io.rldt.autodiff.ops.MatMul;
import io.rldt.autodiff.ops.Maximum;
import io.rldt.autodiff.ops.Minimum;
import io.rldt.autodiff.ops.Mish;
import io.rldt.autodiff.ops.Mse;
import io.rldt.autodiff.ops.Mul;
import io.rldt.autodiff.ops.Neg;
import io.rldt.autodiff.ops.Permute;
import io.rldt.autodiff.ops.PowConst;
import io.rldt.autodiff.ops.Relu;
import io.rldt.autodiff.ops.Reshape;
import io.rldt.autodiff.ops.Scale;
import io.rldt.autodiff.ops.Sigmoid;
import io.rldt.autodiff.ops.Silu;
import io.rldt.autodiff.ops.Sin;
import io.rldt.autodiff.ops.Slice;
import io.rldt.autodiff.ops.Softplus;
import io.rldt.autodiff.ops.Sqrt;
import io.rldt.autodiff.ops.Square;
import io.rldt.autodiff.ops.Sub;
import io.rldt.autodiff.ops.Sum;
import io.rldt.autodiff.ops.Tanh;
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Ops;
import io.rldt.engine.Tensor;

/**
 * The functional facade (like {@code torch.nn.functional}): every method records on the current
 * {@link Tape} when one is recording. Primitive ops live one class each in {@code io.rldt.autodiff.ops};
 * the composites here ({@link #linear}, {@link #sinusoidalEmbedding}, {@link #tanhSquash}, …) are written
 * with those primitives only, so they need no derivative of their own.
 */
public final class F {
    private F() {}

    // ------------------------------------------------------------------ linear algebra
    public static Var matmul(Var a, Var b) { return MatMul.apply(a, false, b, false); }

    /** {@code op(a)·op(b)}; see {@link MatMul}. */
    public static Var matmul(Var a, boolean ta, Var b, boolean tb) { return MatMul.apply(a, ta, b, tb); }

    public static Var biasAdd(Var x, Var b) { return BiasAdd.apply(x, b); }

    /**
     * PyTorch's linear layer {@code y = x·Wᵀ + b}. Shapes: x:[..., in], W:[out, in], b:[out] or null -> [..., out].
     * Inputs of rank other than 2 are flattened to rows and reshaped back.
     */
    public static Var linear(Var x, Var w, Var b) {
        int in = x.dim(-1);
        int[] s = x.shape();
        Var rows = x.rank() == 2 ? x : reshape(x, -1, in);
        Var y = matmul(rows, false, w, true);
        if (b != null) y = biasAdd(y, b);
        if (x.rank() == 2) return y;
        s[s.length - 1] = w.dim(0);
        return reshape(y, s);
    }

    /**
     * {@code act(x·Wᵀ + b)} as one fused op ({@link LinearAct}); equal bit for bit to {@link #linear} followed
     * by the activation. Shapes as {@link #linear}.
     */
    public static Var linear(Var x, Var w, Var b, LinearAct.Kind act) {
        int in = x.dim(-1);
        int[] s = x.shape();
        Var rows = x.rank() == 2 ? x : reshape(x, -1, in);
        Var y = LinearAct.apply(rows, w, b, act);
        if (x.rank() == 2) return y;
        s[s.length - 1] = w.dim(0);
        return reshape(y, s);
    }

    // ------------------------------------------------------------------ elementwise binary (broadcasting)
    public static Var add(Var a, Var b) { return Add.apply(a, b); }
    public static Var sub(Var a, Var b) { return Sub.apply(a, b); }
    public static Var mul(Var a, Var b) { return Mul.apply(a, b); }
    public static Var div(Var a, Var b) { return Div.apply(a, b); }
    public static Var minimum(Var a, Var b) { return Minimum.apply(a, b); }
    public static Var maximum(Var a, Var b) { return Maximum.apply(a, b); }

    // ------------------------------------------------------------------ elementwise unary
    public static Var neg(Var x) { return Neg.apply(x); }
    public static Var scale(Var x, float s) { return Scale.apply(x, s, 0f); }
    public static Var addScalar(Var x, float c) { return Scale.apply(x, 1f, c); }
    /** {@code s·x + c}. */
    public static Var affine(Var x, float s, float c) { return Scale.apply(x, s, c); }
    public static Var relu(Var x) { return Relu.apply(x); }
    public static Var silu(Var x) { return Silu.apply(x); }
    public static Var mish(Var x) { return Mish.apply(x); }
    public static Var tanh(Var x) { return Tanh.apply(x); }
    public static Var sigmoid(Var x) { return Sigmoid.apply(x); }
    public static Var exp(Var x) { return Exp.apply(x); }
    public static Var log(Var x) { return Log.apply(x); }
    public static Var softplus(Var x) { return Softplus.apply(x); }
    public static Var square(Var x) { return Square.apply(x); }
    public static Var sqrt(Var x) { return Sqrt.apply(x); }
    public static Var abs(Var x) { return Abs.apply(x); }
    public static Var pow(Var x, double p) { return PowConst.apply(x, p); }
    public static Var sin(Var x) { return Sin.apply(x); }
    public static Var cos(Var x) { return Cos.apply(x); }
    public static Var clamp(Var x, float lo, float hi) { return Clamp.apply(x, lo, hi); }
    /** {@code log(1 − tanh(u)²)}, stable for every u. */
    public static Var log1mTanhSq(Var u) { return Log1mTanhSq.apply(u); }

    // ------------------------------------------------------------------ reductions
    public static Var sum(Var x, boolean keepDims, int... axes) { return Sum.sum(x, keepDims, axes); }
    public static Var mean(Var x, boolean keepDims, int... axes) { return Sum.mean(x, keepDims, axes); }
    /** Sum of all elements as a scalar. */
    public static Var sum(Var x) { return Sum.sum(x, false); }
    /** Mean of all elements as a scalar. */
    public static Var mean(Var x) { return Sum.mean(x, false); }

    // ------------------------------------------------------------------ layout
    public static Var concat(int axis, Var... xs) { return Concat.apply(axis, xs); }
    public static Var slice(Var x, int axis, int start, int end) { return Slice.apply(x, axis, start, end); }
    public static Var reshape(Var x, int... shape) { return Reshape.apply(x, shape); }
    public static Var permute(Var x, int... perm) { return Permute.apply(x, perm); }

    /** Swaps the last two axes. */
    public static Var transpose(Var x) {
        int[] perm = Ops.allAxes(x.rank());
        int r = perm.length;
        perm[r - 1] = r - 2;
        perm[r - 2] = r - 1;
        return permute(x, perm);
    }

    public static Var indexSelect(Var x, int axis, int... index) { return IndexSelect.apply(x, axis, index); }

    // ------------------------------------------------------------------ normalisation, losses, distributions
    public static Var layerNorm(Var x, Var weight, Var bias, float eps) { return LayerNorm.apply(x, weight, bias, eps); }
    public static Var layerNorm(Var x, float eps) { return LayerNorm.apply(x, eps); }
    /** Mean squared error, a scalar. */
    public static Var mse(Var pred, Var target) { return Mse.apply(pred, target); }
    /** Diagonal Gaussian log-density summed over the last axis: [..., A] -> [...]. */
    public static Var gaussianLogProb(Var x, Var mean, Var logStd) { return GaussianLogProb.apply(x, mean, logStd); }

    /** A tanh-squashed sample and the log-determinant of the squashing Jacobian, summed over the last axis. */
    public record Squashed(Var action, Var logDetJacobian) {}

    /**
     * {@code a = tanh(u)} and {@code Σ_j log(1 − tanh(u_j)²)} (shape [...] for u:[..., A]); a SAC policy's
     * log-probability is {@code gaussianLogProb(u, μ, logσ) − logDetJacobian}.
     */
    public static Squashed tanhSquash(Var u) {
        return new Squashed(tanh(u), sum(log1mTanhSq(u), false, -1));
    }

    /**
     * Sinusoidal embedding (DPPO's {@code SinusoidalPosEmb}): for t:[B] or [B,1], frequencies
     * {@code f_i = exp(−i·log(10000)/(half − 1))}, {@code i < half = dim/2}, output
     * {@code [sin(t·f), cos(t·f)]}:[B, dim]. A composition of mul, sin, cos and concat.
     */
    public static Var sinusoidalEmbedding(Var t, int dim) {
        if (dim < 4 || dim % 2 != 0) throw new IllegalArgumentException("sinusoidalEmbedding: dim " + dim + " must be even and >= 4");
        int half = dim / 2;
        Tensor f = Tensor.zeros(1, half); // made where the backend computes, so nothing is uploaded
        Backends.current().kernel(FREQUENCIES, new double[] {Math.log(10000.0) / (half - 1)}, f);
        Var col = t.rank() == 2 ? t : reshape(t, -1, 1);
        Var args = mul(col, Var.constant(f));
        return concat(-1, sin(args), cos(args));
    }

    /** f [1, half]: f_i = exp(−i·step); p = {step}. */
    private static final HostKernel FREQUENCIES = new HostKernel("sinusoidal_frequencies", (f, in, p) -> {
        float[] out = f.data();
        for (int i = 0, n = f.size(); i < n; i++) out[i] = (float) Math.exp(-i * p[0]);
    });

    /** {@code sg[x]}. */
    public static Var detach(Var x) { return x.detach(); }

    public static Var constant(Tensor t) { return Var.constant(t); }
}
