package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/**
 * Layer normalisation over the last axis with optional affine parameters:
 * {@code x̂ = (x − μ)/√(σ² + eps)} (biased variance, as PyTorch), {@code y = γ·x̂ + β}.
 * Shapes: x:[..., C], γ:[C], β:[C] -> [..., C]. Statistics are computed per row in double.
 */
public final class LayerNorm implements Op {
    private final Tensor xhat; // [N, C] view
    private final Tensor rstd; // [N]: 1/√(σ² + eps) per row
    private final Tensor gamma; // null without affine
    private final int c;

    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel FORWARD = new HostKernel("layer_norm", (y, in, p) -> {
        // in: x:[N, C], γ or null, β or null, x̂ (written), rstd:[N] (written); p = {eps}
        float[] xd = in[0].data(), hd = in[3].data(), yd = y.data(), rstd = in[4].data();
        float[] gd = in[1] == null ? null : in[1].data(), bd = in[2] == null ? null : in[2].data();
        int rows = in[4].size(), c = rows == 0 ? 0 : in[0].size() / rows;
        float eps = (float) p[0];
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
    });
    private static final HostKernel GRAD = new HostKernel("layer_norm_grad", (dx, in, p) -> {
        // dx or null; in: g:[N, C], x̂, γ or null, rstd:[N], dγ or null (accumulated), dβ or null (accumulated)
        float[] gd = in[0].data(), hd = in[1].data(), gam = in[2] == null ? null : in[2].data(), rstd = in[3].data();
        float[] dg = in[4] == null ? null : in[4].data(), db = in[5] == null ? null : in[5].data();
        int rows = in[3].size(), c = rows == 0 ? 0 : in[0].size() / rows;
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
                if (dg != null) dg[j] += gd[o + j] * hd[o + j];
                if (db != null) db[j] += gd[o + j];
            }
        }
    });

    private LayerNorm(Tensor xhat, Tensor rstd, Tensor gamma, int c) {
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
        Tensor rstd = Tensor.zeros(rows);
        OpSupport.run(FORWARD, new double[] {eps}, y, xv, gamma == null ? null : gamma.value(),
                beta == null ? null : beta.value(), xhat, rstd);
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
        Tensor dx = needed[0] ? Tensor.zeros(g.shape()) : null;
        Tensor dgamma = gamma != null && needed[1] ? Tensor.zeros(c) : null;
        Tensor dbeta = gamma != null && needed[2] ? Tensor.zeros(c) : null;
        OpSupport.run(GRAD, dx, g, xhat, gamma, rstd, dgamma, dbeta);
        return gamma == null ? new Tensor[] {dx} : new Tensor[] {dx, dgamma, dbeta};
    }
}
