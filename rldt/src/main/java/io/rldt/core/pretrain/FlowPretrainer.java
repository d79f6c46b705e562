package io.rldt.core.pretrain;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.optim.Adam;
import io.rldt.autodiff.optim.Ema;
import io.rldt.autodiff.optim.Schedules;
import io.rldt.core.config.PolicyConfig;
import io.rldt.core.config.PretrainConfig;
import io.rldt.core.data.Demonstrations;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.util.function.IntConsumer;

/**
 * Flow-matching behaviour cloning (spec §1):
 * <pre>
 *   x_t = (1 − t)·ε + t·a,   t ~ U[0, 1],  ε ~ N(0, I)
 *   L_CFM = mean ‖v_θ(x_t, t, s) − (a − ε)‖²      (mean over batch and chunk elements, as PyTorch's mse)
 * </pre>
 * Adam (AdamW when {@code weightDecay > 0}) with a linear warm-up and a cosine decay to {@code minLr}; an EMA of the
 * weights (0.995, every {@code emaEvery} steps, a plain copy before {@code emaStart}, as DPPO does) becomes the
 * pretrained policy.
 */
public final class FlowPretrainer {
    private final FlowPolicy policy;
    private final VelocityNet ema;
    private final PretrainConfig cfg;
    private final Adam optimizer;
    private final Schedules.Schedule schedule;
    private int step;

    public FlowPretrainer(FlowPolicy policy, PolicyConfig policyCfg, PretrainConfig cfg, Rng initRng) {
        this.policy = policy;
        this.cfg = cfg;
        this.ema = new VelocityNet(policy.obsDim(), policy.actionDim(), policyCfg, initRng);
        ema.copyFrom(policy.net());
        this.optimizer = cfg.weightDecay() > 0 ? Adam.adamW(policy.net(), cfg.lr(), cfg.weightDecay())
                : Adam.adam(policy.net(), cfg.lr());
        this.schedule = Schedules.warmupCosine(cfg.lr(), cfg.minLr(), cfg.warmupSteps(), Math.max(1, cfg.steps()));
    }

    /** One CFM step on a minibatch drawn from {@code data}; returns the loss. */
    public double step(Demonstrations data, Rng rng) {
        int b = cfg.batchSize(), o = data.obsDim(), d = data.chunkDim();
        Tensor s = Tensor.zeros(b, o), x = Tensor.zeros(b, d), t = Tensor.zeros(b, 1), target = Tensor.zeros(b, d);
        float[] obs = data.observations().data(), chunks = data.chunks().data();
        for (int i = 0; i < b; i++) {
            int row = rng.nextInt(data.size());
            float ti = rng.nextFloat();
            t.data()[i] = ti;
            System.arraycopy(obs, row * o, s.data(), i * o, o);
            for (int j = 0; j < d; j++) {
                float eps = (float) rng.nextGaussian(), a = chunks[row * d + j];
                x.data()[i * d + j] = (1 - ti) * eps + ti * a;
                target.data()[i * d + j] = a - eps;
            }
        }
        optimizer.zeroGrad();
        double loss;
        try (Tape tape = Tape.record()) {
            Var l = F.mse(policy.velocity(Var.constant(x), Var.constant(t), Var.constant(s)), Var.constant(target));
            tape.backward(l);
            loss = l.item();
        }
        optimizer.setLr(schedule.lr(step));
        optimizer.step();
        if (step < cfg.emaStart()) {
            ema.copyFrom(policy.net());
        } else if ((step - cfg.emaStart()) % cfg.emaEvery() == 0) {
            Ema.update(ema, policy.net(), cfg.emaMomentum());
        }
        step++;
        return loss;
    }

    /**
     * Runs all configured steps, then loads the EMA weights into the policy.
     *
     * @param progress called with the step index after every step (may be null)
     * @return the mean loss over the last 10% of steps
     */
    public double run(Demonstrations data, Rng rng, IntConsumer progress) {
        double tail = 0;
        int tailCount = 0, tailStart = cfg.steps() - Math.max(1, cfg.steps() / 10);
        for (int i = 0; i < cfg.steps(); i++) {
            double loss = step(data, rng);
            if (i >= tailStart) {
                tail += loss;
                tailCount++;
            }
            if (progress != null) progress.accept(i);
        }
        finish();
        return tailCount == 0 ? Double.NaN : tail / tailCount;
    }

    /** Replaces the policy's weights by their EMA (the pretrained policy of the spec). */
    public void finish() {
        policy.net().copyFrom(ema);
    }
}
