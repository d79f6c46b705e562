package io.rldt.core.agent;

import static io.rldt.core.agent.IdentitiesTest.D;
import static io.rldt.core.agent.IdentitiesTest.K;
import static io.rldt.core.agent.IdentitiesTest.N;
import static io.rldt.core.agent.IdentitiesTest.assertClose;
import static io.rldt.core.agent.IdentitiesTest.depths;
import static io.rldt.core.agent.IdentitiesTest.gradWrtV;
import static io.rldt.core.agent.IdentitiesTest.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rldt.core.config.CriticConfig;
import io.rldt.core.critic.CriticEnsemble;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Micro-batches (the authors' {@code mini_batch_split}, {@code loop.microBatchStates/Rows}) bound the memory an
 * update needs: chunk losses normalised by the whole batch add up to the full-batch losses and gradients (for
 * the same samples), and the chunked critic step and target evaluation match the whole-batch ones.
 */
class MicroBatchTest {
    @Test
    void chunked_actor_losses_add_up_to_the_full_batch_gradient() {
        Rng rng = new Rng(3);
        Tensor v0 = rand(rng, N, D), phi = rand(rng, N, D), t = depths(rng), x = rand(rng, N, D), a = rand(rng, N, D);
        int cut = 4; // rows [0, 4) and [4, 9)
        Tensor full = gradWrtV(v0, v -> io.rldt.autodiff.F.add(RldtAgent.transportLoss(v, phi, t, K),
                RldtAgent.consistencyLoss(v, x, a, t, K)));
        Tensor[] parts = new Tensor[2];
        for (int c = 0; c < 2; c++) {
            int from = c == 0 ? 0 : cut, to = c == 0 ? cut : N;
            Tensor vc = rows(v0, from, to), pc = rows(phi, from, to), tc = rows(t, from, to), xc = rows(x, from, to),
                    ac = rows(a, from, to);
            parts[c] = gradWrtV(vc, v -> io.rldt.autodiff.F.add(RldtAgent.transportLoss(v, pc, tc, K, N),
                    RldtAgent.consistencyLoss(v, xc, ac, tc, K, N)));
        }
        float[] joined = new float[N * D];
        System.arraycopy(parts[0].data(), 0, joined, 0, cut * D);
        System.arraycopy(parts[1].data(), 0, joined, cut * D, (N - cut) * D);
        assertClose(full, Tensor.wrap(joined, N, D));
    }

    @Test
    void chunked_critic_step_and_targets_match_the_whole_batch() {
        CriticConfig cfg = new CriticConfig(2, 16, 2, 0.1, 0.995, 0.99, 0.0, 1e-3, 0.0, 2,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true, 0.01, false, 4);
        CriticEnsemble whole = new CriticEnsemble(3, 2, cfg, new Rng(5)), chunked = new CriticEnsemble(3, 2, cfg, new Rng(5));
        Rng data = new Rng(6);
        Tensor[] inputs = {rand(data, 13, 5), rand(data, 10, 5)}, targets = {rand(data, 13), rand(data, 10)};
        assertArrayEquals(whole.targetMin(inputs[0]), chunked.targetMin(inputs[0], 4), "row-wise forward");
        CriticEnsemble.StepStats a = whole.step(inputs, targets), b = chunked.step(inputs, targets, 4);
        assertEquals(a.loss(), b.loss(), 1e-5 * Math.abs(a.loss()));
        assertEquals(a.qMean(), b.qMean(), 1e-6);
        whole.onlineModule().namedParameters().forEach((name, p) -> {
            float[] w = p.value().data(), c = chunked.onlineModule().namedParameters().get(name).value().data();
            for (int i = 0; i < w.length; i++) assertEquals(w[i], c[i], 1e-6f, name + "[" + i + "]");
        });
        // A chunk larger than every member's rows is the whole batch: bit-identical.
        CriticEnsemble one = new CriticEnsemble(3, 2, cfg, new Rng(5));
        one.step(inputs, targets, 1000);
        whole.onlineModule().namedParameters().forEach((name, p) ->
                assertArrayEquals(p.value().data(), one.onlineModule().namedParameters().get(name).value().data(), name));
    }

    static Tensor rows(Tensor x, int from, int to) {
        int w = x.size() / x.dim(0);
        int[] shape = x.shape().clone();
        shape[0] = to - from;
        return Tensor.wrap(Arrays.copyOfRange(x.data(), from * w, to * w), shape);
    }
}
