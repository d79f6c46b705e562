package io.rldt.autodiff;

/** Double references for the ops whose definition is more than a one-liner. */
final class GradCheckSupport {
    private GradCheckSupport() {}

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** (x − μ)/√(σ² + eps) over the last axis, biased variance. */
    static Ref layerNorm(Ref x, double eps) {
        int c = x.s()[x.s().length - 1], rows = x.size() / c;
        double[] o = new double[x.size()];
        for (int r = 0; r < rows; r++) {
            double mu = 0, var = 0;
            for (int j = 0; j < c; j++) mu += x.v()[r * c + j] / c;
            for (int j = 0; j < c; j++) var += Math.pow(x.v()[r * c + j] - mu, 2) / c;
            for (int j = 0; j < c; j++) o[r * c + j] = (x.v()[r * c + j] - mu) / Math.sqrt(var + eps);
        }
        return Ref.of(o, x.s());
    }

    static Ref gaussianLogProb(Ref[] in) {
        Ref z = in[0].sub(in[1]).mul(in[2].map(l -> Math.exp(-l)));
        Ref ls = in[2].expand(z.s());
        return z.zip(ls, (zz, l) -> -0.5 * zz * zz - l - 0.5 * Math.log(2 * Math.PI)).sum(false, z.s().length - 1);
    }

    static Ref sinusoidal(Ref t, int dim) {
        int half = dim / 2, b = t.size();
        double[] o = new double[b * dim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < half; j++) {
                double a = t.v()[i] * Math.exp(-j * Math.log(10000.0) / (half - 1));
                o[i * dim + j] = Math.sin(a);
                o[i * dim + half + j] = Math.cos(a);
            }
        }
        return Ref.of(o, b, dim);
    }
}
