package io.rldt.autodiff.ops;

import io.rldt.autodiff.Var;
import io.rldt.engine.Backends;
import io.rldt.engine.BinaryOp;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Residency;
import io.rldt.engine.Shapes;
import io.rldt.engine.Tensor;
import java.util.function.Supplier;

/** Helpers shared by the op classes: error wrapping and the broadcast-expand used by reductions. */
final class OpSupport {
    private OpSupport() {}

    /** Runs a forward computation; a shape error is re-thrown naming the op and every input shape. */
    static Tensor forward(String op, Supplier<Tensor> f, Var... inputs) {
        try {
            return f.get();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(op + " on " + shapes(inputs) + ": " + e.getMessage(), e);
        }
    }

    static String shapes(Var... vs) {
        StringBuilder sb = new StringBuilder();
        for (Var v : vs) sb.append(sb.isEmpty() ? "" : ", ").append(v.describe());
        return sb.toString();
    }

    /** {@code g} (with size-1 or missing axes relative to {@code shape}) broadcast to a new tensor of {@code shape}. */
    static Tensor expand(Tensor g, int[] shape) {
        Tensor out = Tensor.zeros(shape);
        Backends.current().binary(BinaryOp.ADD, out, g, out);
        return out;
    }

    static {
        Residency.plumbing(OpSupport.class); // a transfer in run() or forward() is its caller's
    }

    /** Runs {@code kernel} (no scalar arguments) on the current backend: {@code out} from {@code in}. */
    static void run(HostKernel kernel, Tensor out, Tensor... in) {
        Backends.current().kernel(kernel, HostKernel.NO_ARGS, out, in);
    }

    /** Runs {@code kernel} with scalar arguments {@code p} on the current backend. */
    static void run(HostKernel kernel, double[] p, Tensor out, Tensor... in) {
        Backends.current().kernel(kernel, p, out, in);
    }

    /**
     * A new tensor of {@code like}'s shape for the output of a fused elementwise loop, which writes every element:
     * a recycled array is not zero-filled first ({@link Tensor#forOverwrite}).
     */
    static Tensor like(Tensor like) {
        return Tensor.forOverwrite(like.shape());
    }

    static void requireSameShape(String op, Var a, Var b) {
        if (!a.value().sameShape(b.value())) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.str(a.shape()) + " and "
                    + Shapes.str(b.shape()) + " must be equal");
        }
    }
}
