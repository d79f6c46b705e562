package io.rldt.core.critic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.core.config.CriticConfig;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.Rng;
import io.rldt.engine.SimdBackend;
import io.rldt.engine.Tensor;
import org.junit.jupiter.api.Test;

class CriticEnsembleTest {
    static final CriticConfig SMALL = new CriticConfig(2, 16, 2, 0.3, 0.9, 0.99, 0, 1e-2, 0, 2,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, 0.01, false, 4);

    @Test
    void action_gradient_is_the_mean_over_members_of_dQ_da_by_finite_differences() {
        CriticEnsemble c = new CriticEnsemble(3, 2, SMALL, new Rng(1));
        Rng rng = new Rng(2);
        Tensor obs = rand(rng, 5, 3), act = rand(rng, 5, 2);
        Tensor g = c.actionGradient(obs, act);
        double h = 1e-2;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 2; j++) {
                Tensor plus = act.copy(), minus = act.copy();
                plus.data()[i * 2 + j] += (float) h;
                minus.data()[i * 2 + j] -= (float) h;
                double fd = (c.onlineMean(c.inputs(obs, plus))[i] - c.onlineMean(c.inputs(obs, minus))[i]) / (2 * h);
                assertEquals(fd, g.data()[i * 2 + j], 2e-3 + 2e-2 * Math.abs(fd), "row " + i + " dim " + j);
            }
        }
    }

    @Test
    void members_stepped_side_by_side_give_the_same_bits_as_one_thread() {
        // Large enough members that two threads would split their products, so both code paths run.
        CriticConfig wide = new CriticConfig(3, 256, 3, 0.1, 0.9, 0.99, 0, 1e-3, 1e-4, 2,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, 0.01, false, 4);
        float[][] params = new float[2][];
        double[][] stats = new double[2][];
        Backend before = Backends.current();
        try {
            for (int run = 0; run < 2; run++) {
                Backends.use(new SimdBackend(run == 0 ? 1 : 2));
                CriticEnsemble c = new CriticEnsemble(17, 24, wide, new Rng(5));
                Rng rng = new Rng(6);
                Tensor[] in = new Tensor[3], y = new Tensor[3];
                for (int m = 0; m < 3; m++) {
                    in[m] = c.inputs(rand(rng, 300 + m, 17), rand(rng, 300 + m, 24));
                    y[m] = rand(rng, 300 + m, 1).reshape(-1);
                }
                CriticEnsemble.StepStats st = null;
                for (int s = 0; s < 3; s++) st = c.step(in, y, s == 2 ? 128 : 0);
                stats[run] = new double[] {st.loss(), st.qMean()};
                params[run] = c.namedTensors().values().stream().map(v -> v.value().toArray())
                        .reduce(new float[0], CriticEnsembleTest::concat);
            }
        } finally {
            Backends.use(before);
        }
        assertArrayEquals(stats[0], stats[1]);
        assertArrayEquals(params[0], params[1]);
    }

    @Test
    void action_gradient_equals_one_tape_over_the_member_mean_bit_for_bit() {
        CriticConfig three = new CriticConfig(3, 64, 2, 0.3, 0.9, 0.99, 0, 1e-2, 0, 2,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, 0.01, false, 4);
        Backend before = Backends.current();
        try {
            for (int threads : new int[] {1, 2}) {
                Backends.use(new SimdBackend(threads));
                CriticEnsemble c = new CriticEnsemble(5, 3, three, new Rng(7));
                Rng rng = new Rng(8);
                Tensor obs = rand(rng, 200, 5), act = rand(rng, 200, 3);
                // The reference: one tape over (Σ_m Σ_rows Q_m) / E, as the critic computed it before.
                Var a = Var.param(act.copy());
                Tensor expected;
                try (Tape tape = Tape.record()) {
                    Var in = F.concat(1, Var.constant(obs), a), total = null;
                    for (int m = 0; m < c.members(); m++) {
                        Var q = F.sum(c.q(m, in));
                        total = total == null ? q : F.add(total, q);
                    }
                    expected = tape.grad(F.scale(total, 1f / c.members()), a)[0];
                }
                assertArrayEquals(expected.toArray(), c.actionGradient(obs, act).toArray(), "threads " + threads);
            }
        } finally {
            Backends.use(before);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void full_batch_steps_fit_targets_and_targets_trail_the_online_networks() {
        CriticEnsemble c = new CriticEnsemble(1, 1, SMALL, new Rng(3));
        Rng rng = new Rng(4);
        Tensor obs = rand(rng, 64, 1), act = rand(rng, 64, 1);
        Tensor y = Tensor.zeros(64);
        for (int i = 0; i < 64; i++) y.data()[i] = 2 * act.data()[i] - obs.data()[i];
        Tensor in = c.inputs(obs, act);
        double first = c.step(new Tensor[] {in, in}, new Tensor[] {y, y}).loss(), last = first;
        for (int s = 0; s < 300; s++) last = c.step(new Tensor[] {in, in}, new Tensor[] {y, y}).loss();
        assertTrue(last < 0.05 * first, "loss " + first + " -> " + last);
        // The EMA targets lag: after training they differ from the online nets, but much less than at start.
        float[] online = c.onlineMean(in), target = c.targetMin(in);
        double gap = 0;
        for (int i = 0; i < 64; i++) gap += Math.abs(online[i] - target[i]) / 64;
        assertTrue(gap < 0.5, "targets should have followed the online networks, gap " + gap);
    }

    @Test
    void each_step_moves_every_target_parameter_by_the_ema_rule() {
        CriticEnsemble c = new CriticEnsemble(1, 1, SMALL, new Rng(5));
        Rng rng = new Rng(6);
        Tensor in = c.inputs(rand(rng, 16, 1), rand(rng, 16, 1)), y = rand(rng, 16);
        c.step(new Tensor[] {in, in}, new Tensor[] {y, y}); // online and target now differ
        java.util.Map<String, float[]> before = new java.util.LinkedHashMap<>();
        c.targetModule().namedParameters().forEach((k, v) -> before.put(k, v.value().toArray()));
        c.step(new Tensor[] {in, in}, new Tensor[] {y, y});
        float m = (float) SMALL.targetMomentum(), om = (float) (1 - SMALL.targetMomentum());
        var online = c.onlineModule().namedParameters();
        c.targetModule().namedParameters().forEach((k, v) -> {
            float[] old = before.get(k), now = v.value().data(), o = online.get(k).value().data();
            for (int i = 0; i < old.length; i++) assertEquals(m * old[i] + om * o[i], now[i], 0f, k + "[" + i + "]");
        });
    }

    /**
     * The ensemble recycles its activations (a workspace per step and per target block): nothing that outlives a
     * step may come from it. Plain tapes on a twin ensemble (same seed, no recycling) give the same bits step after
     * step, with batch sizes changing between steps (so recycled arrays change hands), and a target evaluation kept
     * from the first step is not overwritten by later ones.
     */
    @Test
    void recycled_activations_never_leak_into_parameters_gradients_or_results() {
        CriticConfig cfg = new CriticConfig(2, 48, 2, 0.3, 0.9, 0.99, 0, 1e-2, 0, 2,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, 0.01, false, 4);
        CriticEnsemble c = new CriticEnsemble(4, 3, cfg, new Rng(11)), twin = new CriticEnsemble(4, 3, cfg, new Rng(11));
        Rng rng = new Rng(12);
        float[] kept = null, keptCopy = null;
        for (int s = 0; s < 4; s++) {
            int rows = 40 + 23 * s;                               // a different size every step
            Tensor[] in = new Tensor[2], y = new Tensor[2];
            for (int m = 0; m < 2; m++) {
                in[m] = c.inputs(rand(rng, rows + m, 4), rand(rng, rows + m, 3));
                y[m] = rand(rng, rows + m);
            }
            Tensor next = c.inputs(rand(rng, 300, 4), rand(rng, 300, 3)); // > one 256-row target block
            float[] target = c.targetMin(next, 0);
            assertArrayEquals(twinTargetMin(twin, cfg, next), target, "target values, step " + s);
            if (kept == null) {
                kept = target;
                keptCopy = target.clone();
            }
            double loss = c.step(in, y).loss();
            // the twin: one plain tape per member, summed, one optimiser step, EMA
            twin.optimizer().zeroGrad();
            double twinLoss = 0;
            for (int m = 0; m < 2; m++) {
                try (Tape tape = Tape.record()) {
                    Var l = F.mse(twin.q(m, Var.constant(in[m])), Var.constant(y[m].reshape(-1, 1)));
                    tape.backward(l);
                    twinLoss += l.item();
                }
            }
            twin.optimizer().step();
            io.rldt.autodiff.optim.Ema.update(twin.targetModule(), twin.onlineModule(), cfg.targetMomentum());
            assertEquals(twinLoss, loss, 0.0, "loss, step " + s);
            var mine = c.namedTensors();
            for (var e : twin.namedTensors().entrySet()) {
                assertArrayEquals(e.getValue().value().toArray(), mine.get(e.getKey()).value().toArray(),
                        e.getKey() + ", step " + s);
            }
        }
        assertArrayEquals(keptCopy, kept, "a target evaluation from the first step must stay as it was");
    }

    /** min over the twin's target networks, evaluated by loading them into its online networks' shape (no blocks). */
    private static float[] twinTargetMin(CriticEnsemble twin, CriticConfig cfg, Tensor inputs) {
        CriticEnsemble probe = new CriticEnsemble(twin.obsDim(), twin.actionDim(), cfg, new Rng(0));
        probe.onlineModule().namedParameters().forEach((k, v) -> Backends.current().copy(
                twin.targetModule().namedParameters().get(k).value(), v.value()));
        float[] out = new float[inputs.dim(0)];
        java.util.Arrays.fill(out, Float.POSITIVE_INFINITY);
        try (var ignored = Tape.noGrad()) {
            for (int m = 0; m < probe.members(); m++) {
                float[] q = probe.q(m, Var.constant(inputs)).value().toArray();
                for (int i = 0; i < out.length; i++) out[i] = Math.min(out[i], q[i]);
            }
        }
        return out;
    }

    static Tensor rand(Rng rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) rng.nextGaussian();
        return t;
    }
}
