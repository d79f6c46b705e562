package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/**
 * Layer normalisation over the last axis with optional affine parameters:
 * {@code x̂ = (x − μ)/√(σ² + eps)} (biased variance, as PyTorch), {@code y = γ·x̂ + β}.
 * Shapes: x:[..., C], γ:[C], β:[C] -> [..., C]. Statistics are computed per row in double.
 */
public final class LayerNorm implements Op {
    private final Tensor xhat; // [N, C] view
    private final float[] rstd; // 1/√(σ² + eps) per row
    private final Tensor gamma; // null without affine
    private final int c;

    private LayerNorm(Tensor xhat, float[] rstd, Tensor gamma, int c) {
        this.xhat = xhat;
        this.rstd = rstd;
        this.gamma = gamma;
        this.c = c;
    }

    /** Without affine parameters. */
    public static Var apply(Var x, float eps) {
        return run(x, null, null, eps);
    }

    /** With affine parameters γ (weight) and β (bias). */
    public static Var apply(Var x, Var gamma, Var beta, float eps) {
        return run(x, gamma, beta, eps);
    }

    private static Var run(Var x, Var gamma, Var beta, float eps) {
        Tensor xv = x.value();
        int c = xv.rank() == 0 ? 0 : xv.dim(-1);
        if (c == 0 || (gamma != null && !gamma.value().hasShape(c)) || (beta != null && !beta.value().hasShape(c))) {
            throw new IllegalArgumentException("layerNorm: x " + Shapes.str(xv.shape()) + ", weight "
                    + (gamma == null ? "-" : Shapes.str(gamma.shape())) + ", bias "
                    + (beta == null ? "-" : Shapes.str(beta.shape())) + ": expected x:[..., C] with C > 0, weight and bias [C]");
        }
        int rows = xv.size() / c;
        Tensor xhat = Tensor.zeros(xv.shape()), y = Tensor.zeros(xv.shape());
        float[] rstd = new float[rows];
        float[] xd = xv.data(), hd = xhat.data(), yd = y.data();
        float[] gd = gamma == null ? null : gamma.value().data(), bd = beta == null ? null : beta.value().data();
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            double mu = 0, var = 0;
            for (int j = 0; j < c; j++) mu += xd[o + j];
            mu /= c;
            for (int j = 0; j < c; j++) var += (xd[o + j] - mu) * (xd[o + j] - mu);
            double rs = 1.0 / Math.sqrt(var / c + eps);
            rstd[r] = (float) rs;
            for (int j = 0; j < c; j++) {
                double h = (xd[o + j] - mu) * rs;
                hd[o + j] = (float) h;
                yd[o + j] = (float) (gd == null ? h : gd[j] * h + bd[j]);
            }
        }
        Var[] in = gamma == null ? new Var[] {x} : new Var[] {x, gamma, beta};
        return Tape.apply(new LayerNorm(xhat, rstd, gamma == null ? null : gamma.value(), c), y, in);
    }

    @Override
    public String name() {
        return "layerNorm";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // dL/dx̂ = g·γ;  dL/dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))   (per row)
        // dL/dγ = Σ_rows g·x̂;  dL/dβ = Σ_rows g
        int rows = rstd.length;
        float[] gd = g.data(), hd = xhat.data(), gam = gamma == null ? null : gamma.data();
        Tensor dx = needed[0] ? Tensor.zeros(g.shape()) : null;
        Tensor dgamma = gamma != null && needed[1] ? Tensor.zeros(c) : null;
        Tensor dbeta = gamma != null && needed[2] ? Tensor.zeros(c) : null;
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            if (dx != null) {
                double m1 = 0, m2 = 0;
                for (int j = 0; j < c; j++) {
                    double dh = gd[o + j] * (gam == null ? 1f : gam[j]);
                    m1 += dh;
                    m2 += dh * hd[o + j];
                }
                m1 /= c;
                m2 /= c;
                float[] d = dx.data();
                for (int j = 0; j < c; j++) {
                    double dh = gd[o + j] * (gam == null ? 1f : gam[j]);
                    d[o + j] = (float) (rstd[r] * (dh - m1 - hd[o + j] * m2));
                }
            }
            for (int j = 0; j < c; j++) {
                if (dgamma != null) dgamma.data()[j] += gd[o + j] * hd[o + j];
                if (dbeta != null) dbeta.data()[j] += gd[o + j];
            }
        }
        return gamma == null ? new Tensor[] {dx} : new Tensor[] {dx, dgamma, dbeta};
    }
}
