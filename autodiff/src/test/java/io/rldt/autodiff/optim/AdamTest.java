package io.rldt.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.AutodiffTolerances;
import io.rldt.autodiff.Var;
import io.rldt.engine.Tensor;
import io.rldt.engine.Tolerances;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adam/AdamW against a double-precision transcription of PyTorch's update, over several steps. */
class AdamTest {

    /** PyTorch's single-tensor Adam(W), written out in double for one scalar parameter. */
    private static double[] reference(double p, double[] grads, double lr, double wd, boolean decoupled) {
        double m = 0, v = 0;
        double[] out = new double[grads.length];
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            if (decoupled) p *= 1 - lr * wd;
            else g += wd * p;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
            p -= lr / (1 - Math.pow(0.9, t)) * m / denom;
            out[t - 1] = p;
        }
        return out;
    }

    private static void run(boolean decoupled, double wd) {
        double[] p0 = {0.5, -1.25, 2.0};
        double[][] grads = {{0.3, -0.1, 0.02, 1.5, -0.7}, {-2.0, 0.5, 0.5, 0.1, 0.0}, {1e-4, -3e-4, 2e-4, 5e-5, 1e-4}};
        Var p = Var.param(Tensor.ofDoubles(p0, 3));
        Adam opt = decoupled ? Adam.adamW(Map.of("p", p), 1e-2, wd)
                : new Adam(Map.of("p", p), 1e-2, 0.9, 0.999, 1e-8, wd, false);
        for (int t = 0; t < 5; t++) {
            p.gradOrZeros().data()[0] = (float) grads[0][t];
            p.grad().data()[1] = (float) grads[1][t];
            p.grad().data()[2] = (float) grads[2][t];
            opt.step();
        }
        for (int i = 0; i < 3; i++) {
            double[] g = new double[5];
            for (int t = 0; t < 5; t++) g[t] = (float) grads[i][t];
            double expected = reference((float) p0[i], g, 1e-2, wd, decoupled)[4];
            double actual = p.value().data()[i];
            assertTrue(Tolerances.close(actual, expected, AutodiffTolerances.OPTIM_REL, AutodiffTolerances.OPTIM_ABS),
                    "param " + i + ": " + actual + " vs " + expected);
        }
        assertEquals(5, opt.stepCount());
    }

    @Test
    void adamMatchesPyTorchFormula() {
        run(false, 0);
    }

    @Test
    void adamWithL2MatchesPyTorchFormula() {
        run(false, 0.1);
    }

    @Test
    void adamWDecaysDecoupled() {
        run(true, 0.1);
    }

    @Test
    void firstStepMovesEachWeightByLr() {
        // m̂ = g, v̂ = g² after one step, so the update is lr·g/(|g| + ε) ≈ lr·sign(g)
        Var p = Var.param(Tensor.of(new float[] {1, 1}, 2));
        p.gradOrZeros().data()[0] = 5f;
        p.grad().data()[1] = -0.01f;
        Adam.adam(Map.of("p", p), 0.1).step();
        assertEquals(0.9f, p.value().data()[0], 1e-6f);
        assertEquals(1.1f, p.value().data()[1], 1e-5f);
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Var p = Var.param(Tensor.of(new float[] {1}, 1));
        Adam.adamW(Map.of("p", p), 0.1, 0.5).step();
        assertEquals(1f, p.value().item());
    }

    @Test
    void clip_grad_norm_scales_to_the_max_norm_and_leaves_small_gradients_alone() {
        Var a = Var.param(Tensor.wrap(new float[] {1, 2}, 2)), b = Var.param(Tensor.wrap(new float[] {0}, 1));
        a.gradOrZeros().data()[0] = 3;
        b.gradOrZeros().data()[0] = 4;
        Adam opt = Adam.adam(Map.of("a", a, "b", b), 1e-3);
        assertEquals(5.0, opt.clipGradNorm(1.0), 1e-12);
        assertEquals(3.0 / (5 + 1e-6), a.grad().data()[0], 1e-6);
        assertEquals(4.0 / (5 + 1e-6), b.grad().data()[0], 1e-6);
        assertEquals(1.0, opt.clipGradNorm(2.0), 1e-5);               // under the bound: unchanged
        assertEquals(3.0 / (5 + 1e-6), a.grad().data()[0], 1e-6);
    }
}
