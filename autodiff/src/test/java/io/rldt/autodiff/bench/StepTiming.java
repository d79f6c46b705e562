package io.rldt.autodiff.bench;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.autodiff.nn.ResidualMlp;
import io.rldt.autodiff.optim.Adam;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Arrays;

/**
 * A timing harness (not a test) for the phases of one RLDT training iteration on the reference
 * workload: velocity body ResidualMlp(57 → 512, one block, → 24, ReLU) on N = B·P = 2048 rows, K = 8 Euler
 * steps; critic ensemble of 2 MLPs 41 → 256 ×3 → 1 (SiLU). Prints the median milliseconds of each phase.
 *
 * <pre>
 * mvn -q -pl engine,autodiff test-compile
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:autodiff/target/classes:autodiff/target/test-classes \
 *      io.rldt.autodiff.bench.StepTiming [reps]
 * </pre>
 */
public final class StepTiming {
    static final int B = 256, P = 8, K = 8, D = 24, O = 17, N = B * P;

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Rng rng = new Rng(1);
        ResidualMlp body = new ResidualMlp(D + 16 + O, 512, D, 1, Activation.RELU, rng);
        Mlp[] critics = {new Mlp(new int[] {O + D, 256, 256, 256, 1}, Activation.SILU, rng),
                new Mlp(new int[] {O + D, 256, 256, 256, 1}, Activation.SILU, rng)};
        Adam actorOpt = Adam.adam(body, 3e-4), criticOpt = Adam.adam(critics[0], 3e-4);
        Tensor in = Ops.randn(rng, N, D + 16 + O), cin = Ops.randn(rng, N, O + D), cb = Ops.randn(rng, B, O + D);
        String[] names = {"sample(K=8,no-grad)", "actor fwd+bwd x2", "actor adam", "critic dQ/da (2 members)",
                "critic update fwd+bwd", "total"};
        double[][] t = new double[names.length][reps];
        for (int r = -5; r < reps; r++) {
            long t0 = System.nanoTime();
            try (var ignored = Tape.noGrad()) {
                for (int k = 0; k < K; k++) body.forward(Var.constant(in));
            }
            long t1 = System.nanoTime();
            body.zeroGrad();
            try (Tape tape = Tape.record()) {
                Var loss = F.add(F.sum(F.square(body.forward(Var.constant(in)))),
                        F.sum(F.square(body.forward(Var.constant(in)))));
                tape.backward(loss);
            }
            long t2 = System.nanoTime();
            actorOpt.step();
            long t3 = System.nanoTime();
            for (Mlp c : critics) {
                try (Tape tape = Tape.record()) {
                    Var a = Var.param(cin);
                    tape.grad(F.sum(c.forward(a)), a);
                }
            }
            long t4 = System.nanoTime();
            critics[0].zeroGrad();
            try (Tape tape = Tape.record()) {
                tape.backward(F.sum(F.square(critics[0].forward(Var.constant(cb)))));
            }
            criticOpt.step();
            long t5 = System.nanoTime();
            if (r < 0) continue;
            long[] marks = {t0, t1, t2, t3, t4, t5};
            for (int i = 0; i < 5; i++) t[i][r] = (marks[i + 1] - marks[i]) / 1e6;
            t[5][r] = (t5 - t0) / 1e6;
        }
        for (int i = 0; i < names.length; i++) {
            double[] s = t[i].clone();
            Arrays.sort(s);
            System.out.printf("%-28s median %8.2f ms  (min %8.2f)%n", names[i], s[reps / 2], s[0]);
        }
    }
}
