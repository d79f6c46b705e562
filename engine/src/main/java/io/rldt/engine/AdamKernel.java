package io.rldt.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise Adam/AdamW update of one parameter tensor, in float32 with the per-step constants
 * precomputed by the optimizer:
 * <pre>
 *   AdamW: p ← p·decay                 Adam with L2: g ← g + wd·p
 *   m ← m·β₁ + (1 − β₁)·g
 *   v ← v·β₂ + (1 − β₂)·g·g
 *   p ← p + (−stepSize·m) / (√v / c2 + ε)
 * </pre>
 * The SIMD path (when the Vector API is present) performs exactly the scalar reference's float operations in
 * the same order (vector sqrt is the correctly rounded float square root, as {@code (float) Math.sqrt}), so
 * both give the same bits. Arrays are modified in place over {@code [0, n)}.
 */
public final class AdamKernel {
    private AdamKernel() {}

    /** The per-step constants; {@code l2} and {@code decoupled} select Adam's L2 term or AdamW's decay. */
    public record Step(float stepSize, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                       float bc2Sqrt, float eps, boolean l2, float wd, boolean decoupled, float decay) {}

    private static final boolean VECTOR = FastMath.vectorized();

    public static void update(float[] p, float[] g, float[] m, float[] v, int n, Step s) {
        int done = VECTOR ? Simd.update(p, g, m, v, n, s) : 0;
        scalar(p, g, m, v, done, n, s);
    }

    /** The reference loop over {@code [from, to)}. */
    static void scalar(float[] p, float[] g, float[] m, float[] v, int from, int to, Step s) {
        for (int i = from; i < to; i++) {
            if (s.decoupled()) p[i] *= s.decay();
            float gi = s.l2() ? g[i] + s.wd() * p[i] : g[i];
            m[i] = m[i] * s.beta1() + s.oneMinusBeta1() * gi;
            v[i] = v[i] * s.beta2() + s.oneMinusBeta2() * gi * gi;
            float denom = (float) Math.sqrt(v[i]) / s.bc2Sqrt() + s.eps();
            p[i] += (-s.stepSize() * m[i]) / denom; // addcdiv order: (value·m)/denom
        }
    }

    /** Kept in a nested class so that JVMs without the Vector API never load it. */
    static final class Simd {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        /** Updates whole vectors from 0; returns where the scalar tail starts. */
        static int update(float[] p, float[] g, float[] m, float[] v, int n, Step s) {
            int end = S.loopBound(n);
            float negStep = -s.stepSize();
            for (int i = 0; i < end; i += S.length()) {
                FloatVector pv = FloatVector.fromArray(S, p, i), gv = FloatVector.fromArray(S, g, i);
                if (s.decoupled()) pv = pv.mul(s.decay());
                if (s.l2()) gv = gv.add(pv.mul(s.wd()));
                FloatVector mv = FloatVector.fromArray(S, m, i).mul(s.beta1()).add(gv.mul(s.oneMinusBeta1()));
                FloatVector vv = FloatVector.fromArray(S, v, i).mul(s.beta2()).add(gv.mul(s.oneMinusBeta2()).mul(gv));
                FloatVector denom = vv.sqrt().div(s.bc2Sqrt()).add(s.eps());
                mv.intoArray(m, i);
                vv.intoArray(v, i);
                pv.add(mv.mul(negStep).div(denom)).intoArray(p, i);
            }
            return end;
        }
    }
}
