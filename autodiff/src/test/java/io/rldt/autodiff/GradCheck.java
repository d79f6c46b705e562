package io.rldt.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.engine.Rng;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;
import io.rldt.engine.Tolerances;

/**
 * Finite-difference gradient checker in double precision.
 *
 * <p>Why this design: {@link Tensor} is float32, and a central difference of a float32 forward has an error
 * of about {@code ε_f32/h}, which no step size makes small. So every check runs the graph twice over:
 * <ol>
 *   <li>the ops under test (float32) record on a tape; their output must match a <em>double</em> reference
 *       forward ({@link Ref}, written independently with plain index arithmetic) within
 *       {@link AutodiffTolerances#FORWARD_REL};</li>
 *   <li>the tape's backward, seeded with random weights {@code w}, gives {@code ∂⟨w, y⟩/∂x} in float32;</li>
 *   <li>the oracle is a central difference of {@code ⟨w, ref(x)⟩} computed entirely in double, step
 *       {@link AutodiffTolerances#FD_STEP}; the comparison uses {@link AutodiffTolerances#GRAD_REL}.</li>
 * </ol>
 * Step 1 ties the reference to the ops' forward, step 3 ties the ops' backward to the reference's
 * derivative; together the backward is checked against the derivative of the op's own forward. Inputs are
 * float32 values, exactly representable in both paths. Random seeds make the checks the same every run.
 */
public final class GradCheck {
    private GradCheck() {}

    /** The graph under test, built from F calls on the given leaves. */
    public interface Graph {
        Var apply(Var[] in);
    }

    /** The double reference of the same function. */
    public interface RefFn {
        Ref apply(Ref[] in);
    }

    public static void check(String name, Graph graph, RefFn ref, Tensor... inputs) {
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) vars[i] = Var.param(inputs[i].copy()).named("in" + i);
        Ref[] refs = new Ref[inputs.length];
        for (int i = 0; i < inputs.length; i++) refs[i] = Ref.of(inputs[i].toDoubles(), inputs[i].shape());
        try (Tape tape = Tape.record()) {
            Var y = graph.apply(vars);
            Ref yr = ref.apply(refs);
            assertArrayEquals(yr.s(), y.shape(), name + ": output shape");
            compare(name + " forward", y.value().toDoubles(), yr.v(), AutodiffTolerances.FORWARD_REL,
                    AutodiffTolerances.FORWARD_ABS);
            Tensor w = Tensor.zeros(y.shape());
            Rng rng = new Rng(name.hashCode());
            for (int i = 0; i < w.size(); i++) w.data()[i] = (float) rng.nextGaussian();
            tape.backward(y, w);
            for (int i = 0; i < inputs.length; i++) {
                double[] fd = finiteDifference(ref, refs, i, w.toDoubles());
                Tensor g = vars[i].grad() == null ? Tensor.zeros(inputs[i].shape()) : vars[i].grad();
                compare(name + " d/d input " + i + " " + Shapes.str(inputs[i].shape()), g.toDoubles(), fd,
                        AutodiffTolerances.GRAD_REL, AutodiffTolerances.GRAD_ABS);
            }
        }
    }

    private static double[] finiteDifference(RefFn ref, Ref[] refs, int which, double[] w) {
        double[] x = refs[which].v();
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double keep = x[j];
            double h = AutodiffTolerances.FD_STEP * Math.max(1, Math.abs(keep));
            x[j] = keep + h;
            double up = dot(ref.apply(refs).v(), w);
            x[j] = keep - h;
            double down = dot(ref.apply(refs).v(), w);
            x[j] = keep;
            out[j] = (up - down) / (2 * h);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static void compare(String what, double[] actual, double[] expected, double rel, double abs) {
        double scale = 1;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            boolean ok = Tolerances.close(actual[i], expected[i], rel, abs * scale);
            int k = i;
            assertTrue(ok, () -> what + ": element " + k + " is " + actual[k] + ", expected " + expected[k]
                    + " (diff " + Math.abs(actual[k] - expected[k]) + ")");
        }
    }

    /** Uniform float32 values in [lo, hi), at least {@link AutodiffTolerances#KINK_MARGIN} from every kink. */
    public static Tensor uniform(Rng rng, float lo, float hi, int[] shape, float... kinks) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            float v;
            boolean near;
            do {
                v = lo + (hi - lo) * rng.nextFloat();
                near = false;
                for (float k : kinks) near |= Math.abs(v - k) < AutodiffTolerances.KINK_MARGIN;
            } while (near);
            t.data()[i] = v;
        }
        return t;
    }
}
