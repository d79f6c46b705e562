package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.Var;
import io.rldt.core.config.SacConfig;
import io.rldt.core.data.ReplayBuffer;
import io.rldt.core.policy.SquashedGaussianPolicy;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SAC's pieces against independent computations (baselines spec §1.1). */
public class SacAgentTest {
    public static final int O = 5, A = 3;

    public static SacConfig.Algo algo(double targetEntropy) {
        SacConfig.Algo a = SacConfig.Algo.cleanRl();
        return new SacConfig.Algo(32, a.gamma(), a.tau(), 16, 1000, 0, a.policyLr(), a.qLr(), 2, 1, 1.0, true, targetEntropy);
    }

    public static ReplayBuffer filled(int n, long seed) {
        ReplayBuffer b = new ReplayBuffer(n, O, A);
        Rng rng = new Rng(seed);
        for (int i = 0; i < n; i++) {
            double[] s = new double[O], a = new double[A], s2 = new double[O];
            for (int j = 0; j < O; j++) {
                s[j] = rng.nextGaussian();
                s2[j] = rng.nextGaussian();
            }
            for (int j = 0; j < A; j++) a[j] = 2 * rng.nextDouble() - 1;
            b.add(s, a, rng.nextGaussian(), s2, rng.nextInt(10) == 0);
        }
        return b;
    }

    @Test
    void tanh_gaussian_log_probability_matches_an_independent_double_computation() {
        double[] low = {-1, -2, 0}, high = {1, 2, 4};
        SquashedGaussianPolicy pi = new SquashedGaussianPolicy(O, A, 16, low, high, new Rng(1));
        Tensor obs = Tensor.zeros(7, O);
        Rng data = new Rng(2);
        for (int i = 0; i < obs.size(); i++) obs.data()[i] = (float) (3 * data.nextGaussian());
        SquashedGaussianPolicy.Head head = pi.head(Var.constant(obs));
        SquashedGaussianPolicy.Sample s = pi.sample(Var.constant(obs), new Rng(3));
        Rng noise = new Rng(3); // the same stream: ξ in row-major order
        for (int i = 0; i < 7; i++) {
            double logp = 0;
            for (int j = 0; j < A; j++) {
                double mu = head.mean().value().data()[i * A + j], logStd = head.logStd().value().data()[i * A + j];
                assertTrue(logStd >= -5 - 1e-6 && logStd <= 2 + 1e-6, "log σ in [−5, 2]: " + logStd);
                double xi = noise.nextGaussian(), u = mu + Math.exp(logStd) * xi, c = (high[j] - low[j]) / 2;
                // log N(u; μ, σ²) = −ξ²/2 − log σ − log √(2π); the tanh change of variables with CleanRL's 1e−6
                logp += -0.5 * xi * xi - logStd - 0.5 * Math.log(2 * Math.PI) - Math.log(c * (1 - Math.tanh(u) * Math.tanh(u)) + 1e-6);
                double a = c * Math.tanh(u) + (high[j] + low[j]) / 2;
                assertEquals(a, s.action().value().data()[i * A + j], 1e-5, "action " + i + "," + j);
                assertTrue(a >= low[j] && a <= high[j]);
            }
            assertEquals(logp, s.logProb().value().data()[i], 1e-4 * Math.max(1, Math.abs(logp)), "log π row " + i);
        }
    }

    @Test
    void deterministic_action_is_the_squashed_mean() {
        double[] low = {-1, -1, -1}, high = {1, 1, 1};
        SquashedGaussianPolicy pi = new SquashedGaussianPolicy(O, A, 16, low, high, new Rng(4));
        Tensor obs = Tensor.zeros(3, O);
        for (int i = 0; i < obs.size(); i++) obs.data()[i] = i * 0.1f - 0.7f;
        float[] mu = pi.head(Var.constant(obs)).mean().value().data(), a = pi.deterministic(obs).data();
        for (int i = 0; i < a.length; i++) assertEquals(Math.tanh(mu[i]), a[i], 1e-6);
    }

    @Test
    void temperature_rises_when_entropy_is_below_target_and_falls_when_above() {
        double[] low = {-1, -1, -1}, high = {1, 1, 1};
        // H̄ = +50 is far above any entropy a 3-D squashed Gaussian reaches, −50 far below.
        for (double target : new double[] {50, -50}) {
            SacAgent agent = new SacAgent(algo(target), O, A, low, high, new Rng(5));
            assertEquals(1.0, agent.alpha(), 1e-7);
            Map<String, Double> m = agent.update(filled(64, 6).sample(16, new Rng(7)), 2, new Rng(8));
            assertTrue(m.containsKey("sac/alpha_loss"), "step 2 trains actor and α");
            if (target > 0) assertTrue(agent.alpha() > 1, "α rises: " + agent.alpha());
            else assertTrue(agent.alpha() < 1, "α falls: " + agent.alpha());
        }
    }

    @Test
    void actor_and_temperature_train_only_on_every_policy_frequency_th_step() {
        SacAgent agent = new SacAgent(algo(Double.NaN), O, A, new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new Rng(9));
        assertEquals(-3f, agent.targetEntropy());
        Map<String, Double> odd = agent.update(filled(64, 6).sample(16, new Rng(7)), 3, new Rng(8));
        assertFalse(odd.containsKey("sac/actor_loss"));
        assertEquals(0, agent.actorOptimizer().stepCount());
        assertEquals(1, agent.criticOptimizer().stepCount());
        agent.update(filled(64, 6).sample(16, new Rng(7)), 4, new Rng(8));
        assertEquals(2, agent.actorOptimizer().stepCount(), "policyFrequency = 2: two actor steps on step 4");
        assertEquals(2, agent.alphaOptimizer().stepCount());
        assertEquals(2, agent.criticOptimizer().stepCount());
    }

    @Test
    void soft_target_update_is_the_polyak_average_of_the_new_online_weights() {
        SacAgent agent = new SacAgent(algo(Double.NaN), O, A, new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new Rng(10));
        // Move the targets away from the online critics first, so the average is visible.
        agent.update(filled(64, 11).sample(16, new Rng(12)), 1, new Rng(13));
        Map<String, float[]> before = new HashMap<>();
        agent.targets().namedParameters().forEach((k, v) -> before.put(k, v.value().data().clone()));
        agent.update(filled(64, 11).sample(16, new Rng(14)), 3, new Rng(15));
        float tau = (float) (1 - (1 - 0.005)), keep = (float) (1 - 0.005);
        var online = agent.critics().namedParameters();
        agent.targets().namedParameters().forEach((k, v) -> {
            float[] t = v.value().data(), o = online.get(k).value().data(), old = before.get(k);
            for (int i = 0; i < t.length; i++) {
                assertEquals(keep * old[i] + tau * o[i], t[i], 0f, k + "[" + i + "]");
            }
        });
        assertNotEquals(agent.targets().namedParameters().get("q1.layers.0.weight").value().data()[0],
                online.get("q1.layers.0.weight").value().data()[0], "targets lag the online critics");
    }

    @Test
    void the_actor_loss_leaves_the_critic_gradients_alone() {
        SacAgent agent = new SacAgent(algo(Double.NaN), O, A, new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new Rng(16));
        agent.update(filled(64, 17).sample(16, new Rng(18)), 2, new Rng(19));
        // After the critic step the actor steps ran through the critics; their grads are the critic step's.
        Map<String, float[]> criticGrads = new HashMap<>();
        agent.critics().namedParameters().forEach((k, v) -> criticGrads.put(k, v.grad().data().clone()));
        SacAgent replay = new SacAgent(algo(Double.NaN), O, A, new double[] {-1, -1, -1}, new double[] {1, 1, 1}, new Rng(16));
        SacConfig.Algo noActor = algo(Double.NaN);
        assertEquals(noActor.policyFrequency(), 2);
        replay.update(filled(64, 17).sample(16, new Rng(18)), 1, new Rng(19)); // critic step only, same batch and stream
        replay.critics().namedParameters().forEach((k, v) ->
                assertTrue(java.util.Arrays.equals(criticGrads.get(k), v.grad().data()), k));
    }

    @Test
    void updates_are_a_function_of_the_seed() {
        double[] low = {-1, -1, -1}, high = {1, 1, 1};
        SacAgent a = new SacAgent(algo(Double.NaN), O, A, low, high, new Rng(20));
        SacAgent b = new SacAgent(algo(Double.NaN), O, A, low, high, new Rng(20));
        for (int step = 1; step <= 4; step++) {
            assertEquals(a.update(filled(64, 21).sample(16, new Rng(step)), step, new Rng(100 + step)),
                    b.update(filled(64, 21).sample(16, new Rng(step)), step, new Rng(100 + step)));
        }
        Tensor obs = Tensor.zeros(2, O);
        assertTrue(java.util.Arrays.equals(a.act(obs, null, true).data(), b.act(obs, null, true).data()));
    }
}
