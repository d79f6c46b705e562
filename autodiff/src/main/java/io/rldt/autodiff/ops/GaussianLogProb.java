package io.rldt.autodiff.ops;

import io.rldt.autodiff.Op;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Ops;
import io.rldt.engine.ReduceOp;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;

/**
 * Log-density of a diagonal Gaussian, summed over the last axis:
 * {@code y = Σ_j [−½·z_j² − logσ_j − ½·log 2π]}, {@code z = (x − μ)/σ}, {@code σ = e^{logσ}}.
 * Shapes: x, μ, logσ broadcast to [..., A] -> [...]. Parameterised by logσ (as SAC's and PPO's heads are).
 */
public final class GaussianLogProb implements Op {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final Tensor z, invStd; // at the broadcast shape [..., A]

    // The loops run as named kernels on the current backend (Backend.kernel), so device tensors stay there.
    private static final HostKernel TERMS = new HostKernel("gaussian_log_prob_terms", (term, in, p) -> { // in: z, logσ
        float[] zd = in[0].data(), ld = in[1].data(), td = term.data();
        for (int i = 0, n = term.size(); i < n; i++) td[i] = (float) (-0.5 * zd[i] * zd[i] - ld[i] - HALF_LOG_2PI);
    });
    private static final HostKernel GRAD = new HostKernel("gaussian_log_prob_grad", (dmu, in, p) -> {
        // in: g (expanded), z, 1/σ, dx (written), dlogσ (written)
        float[] gd = in[0].data(), zd = in[1].data(), inv = in[2].data(), mu = dmu.data(), x = in[3].data(), ls = in[4].data();
        for (int i = 0, n = dmu.size(); i < n; i++) {
            mu[i] = gd[i] * zd[i] * inv[i];
            x[i] = -mu[i];
            ls[i] = gd[i] * (zd[i] * zd[i] - 1f);
        }
    });

    private GaussianLogProb(Tensor z, Tensor invStd) {
        this.z = z;
        this.invStd = invStd;
    }

    public static Var apply(Var x, Var mean, Var logStd) {
        int[] s = OpSupport.forward("gaussianLogProb", () -> {
            int[] b = Shapes.broadcast(Shapes.broadcast(x.shape(), mean.shape()), logStd.shape());
            if (b.length == 0) throw new IllegalArgumentException("needs at least one axis");
            return Tensor.zeros(b);
        }, x, mean, logStd).shape();
        Tensor invStd = Ops.exp(Ops.unary(io.rldt.engine.UnaryOp.NEG, OpSupport.expand(logStd.value(), s)));
        Tensor z = Ops.mul(Ops.sub(OpSupport.expand(x.value(), s), mean.value()), invStd);
        Tensor ls = OpSupport.expand(logStd.value(), s);
        Tensor term = Tensor.zeros(s);
        OpSupport.run(TERMS, term, z, ls);
        Tensor y = Ops.reduce(ReduceOp.SUM, term, false, -1);
        return Tape.apply(new GaussianLogProb(z, invStd), y, x, mean, logStd);
    }

    @Override
    public String name() {
        return "gaussianLogProb";
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        // dL/dx = −g·z/σ;  dL/dμ = g·z/σ;  dL/dlogσ = g·(z² − 1)
        int[] s = z.shape();
        int[] keep = s.clone();
        keep[s.length - 1] = 1;
        Tensor ge = OpSupport.expand(g.reshape(keep), s);
        Tensor dmu = Tensor.zeros(s), dx = Tensor.zeros(s), dls = Tensor.zeros(s);
        OpSupport.run(GRAD, dmu, ge, z, invStd, dx, dls);
        return new Tensor[] {needed[0] ? dx : null, needed[1] ? dmu : null, needed[2] ? dls : null};
    }
}
