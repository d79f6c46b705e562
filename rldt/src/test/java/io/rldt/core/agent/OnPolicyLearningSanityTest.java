package io.rldt.core.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.config.OnPolicyConfig;
import io.rldt.core.data.OnPolicyBatch;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A learning sanity check on the cheapest task there is: one state, reward {@code −‖a − a*‖²}, advantages
 * {@code r − mean r} (γ = 0). Each method's update, driven directly, must move the deterministic action toward a*.
 */
class OnPolicyLearningSanityTest {
    static final float[] TARGET = {0.5f, -0.3f};

    @ParameterizedTest
    @ValueSource(strings = {"reinflow", "dppo", "fpo"})
    void the_update_improves_the_reward(String algo) {
        OnPolicyConfig cfg = ReinFlowAgentTest.config(algo, "ppo.actorLr=3e-3", "ppo.actorMinLr=3e-3", "ppo.lrWarmupIterations=0",
                "ppo.lrCycleIterations=1000", "ppo.minibatchSize=64", "ppo.minibatches=0", "ppo.repeatSamples=1",
                "ppo.clipRatio=0.2", "chain.fixedSigma=0.2", "fpo.actionNoise=0.2", "fpo.mcSamples=4");
        OnPolicyAgent agent = OnPolicyAgents.create(cfg, ReinFlowAgentTest.policy(cfg), -1f, 1f, new Rng(1));
        Tensor state = Tensor.wrap(new float[] {0.1f, 0.2f, 0.3f}, 1, 3);
        double before = reward(agent.actDeterministic(state).data(), 0);
        Rng rng = new Rng(2);
        int n = 64, o = 3, d = TARGET.length;
        for (int itr = 0; itr < 25; itr++) {
            agent.beginIteration(itr);
            Tensor obs = Tensor.zeros(n, o);
            for (int i = 0; i < n; i++) System.arraycopy(state.data(), 0, obs.data(), i * o, o);
            OnPolicyAgent.Acting acting = agent.act(obs, rng);
            float[] r = new float[n], adv = new float[n];
            double mean = 0;
            for (int i = 0; i < n; i++) mean += (r[i] = (float) reward(acting.actions().data(), i)) / n;
            for (int i = 0; i < n; i++) adv[i] = (float) (r[i] - mean);
            agent.update(new OnPolicyBatch(n, o, d, agent.recordWidth(), obs.data(), acting.actions().data(),
                    acting.records().data(), new float[n], adv, r), itr, rng);
        }
        double after = reward(agent.actDeterministic(state).data(), 0);
        assertTrue(after > before + 0.5 * (0 - before), algo + ": reward " + before + " -> " + after + " (optimum 0)");
    }

    static double reward(float[] actions, int row) {
        double s = 0;
        for (int j = 0; j < TARGET.length; j++) s += Math.pow(actions[row * TARGET.length + j] - TARGET[j], 2);
        return -s;
    }
}
