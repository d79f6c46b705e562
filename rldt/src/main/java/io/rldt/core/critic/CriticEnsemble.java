package io.rldt.core.critic;

import io.rldt.autodiff.F;
import io.rldt.autodiff.Tape;
import io.rldt.autodiff.Var;
import io.rldt.autodiff.nn.Activation;
import io.rldt.autodiff.nn.Init;
import io.rldt.autodiff.nn.Mlp;
import io.rldt.autodiff.nn.Module;
import io.rldt.autodiff.optim.Adam;
import io.rldt.autodiff.optim.Ema;
import io.rldt.core.config.CriticConfig;
import io.rldt.engine.Backend;
import io.rldt.engine.Backends;
import io.rldt.engine.HostKernel;
import io.rldt.engine.Metrics;
import io.rldt.engine.Ops;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.engine.Workspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The critic of spec §4: an ensemble of Q networks on {@code concat(s, a_chunk)} (MLP, SiLU or ReLU, weights
 * N(0, σ²), biases 0), each with an EMA target network, trained together by one AdamW optimiser. Summing the
 * members' losses into one backward pass is the same as separate updates: their parameters are disjoint and
 * Adam works per element.
 */
public final class CriticEnsemble implements Critic {
    private final int obsDim, actionDim;
    private final Mlp[] online, target;
    private final Group onlineAll, targetAll;
    private final Adam optimizer;
    private final double targetMomentum;
    private final boolean meanMinusStd;
    /** Recycles the activations of target evaluations and critic steps (shared by the members' threads). */
    private final Workspace workspace = new Workspace();
    private final double rho;

    public CriticEnsemble(int obsDim, int actionDim, CriticConfig cfg, Rng rng) {
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.targetMomentum = cfg.targetMomentum();
        this.meanMinusStd = "mean-std".equals(cfg.target());
        this.rho = cfg.rho();
        Activation hiddenAct = "relu".equals(cfg.activation()) ? Activation.RELU : Activation.SILU;
        int[] widths = new int[cfg.layers() + 2];
        widths[0] = obsDim + actionDim;
        for (int i = 1; i <= cfg.layers(); i++) widths[i] = cfg.hidden();
        widths[cfg.layers() + 1] = 1;
        online = new Mlp[cfg.ensemble()];
        target = new Mlp[cfg.ensemble()];
        onlineAll = new Group();
        targetAll = new Group();
        for (int m = 0; m < online.length; m++) {
            online[m] = new Mlp(widths, hiddenAct, Activation.IDENTITY, Init.normal(cfg.initStd()), rng);
            target[m] = new Mlp(widths, hiddenAct, Activation.IDENTITY, Init.normal(cfg.initStd()), rng);
            target[m].copyFrom(online[m]);
        }
        // Parameter names "0.layers...", "1.layers..." in both containers, so targets match online by name.
        for (int m = 0; m < online.length; m++) {
            onlineAll.add(Integer.toString(m), online[m]);
            targetAll.add(Integer.toString(m), target[m]);
        }
        optimizer = Adam.adamW(onlineAll, cfg.lr(), cfg.weightDecay());
    }

    /** A module that only groups children (the ensemble's members). */
    private static final class Group extends Module {
        <M extends Module> M add(String name, M module) {
            return child(name, module);
        }
    }

    public int members() { return online.length; }

    public int obsDim() { return obsDim; }

    public int actionDim() { return actionDim; }

    /** All online parameters, named {@code <member>.<layer>...} (for checkpoints). */
    public Module onlineModule() { return onlineAll; }

    /** All target parameters, with the same names as {@link #onlineModule()}. */
    public Module targetModule() { return targetAll; }

    public Adam optimizer() { return optimizer; }

    /** Critic steps taken so far (restored with the optimiser's state from a checkpoint). */
    public long steps() { return optimizer.stepCount(); }

    /** Q_m of the online member {@code m} on rows {@code input [N, O + D]} → [N, 1], on the current tape. */
    public Var q(int m, Var input) {
        return online[m].forward(input);
    }

    /** {@code concat(obs [N, O], act [N, D]) → [N, O + D]} as a plain tensor. */
    public Tensor inputs(Tensor obs, Tensor act) {
        int n = obs.dim(0);
        obs.requireShape("critic obs", n, obsDim);
        act.requireShape("critic actions", n, actionDim);
        return Ops.concat(1, obs, act);
    }

    /**
     * {@inheritDoc} The mean over the online members (spec §2.3), never the targets. Each member's
     * {@code ∇ₐ Q_m / E} comes from its own tape (side by side on a backend with threads); they are added from the
     * last member to the first, the order in which one tape over {@code Σ_m Q_m / E} would accumulate them, so the
     * result does not depend on the thread count.
     */
    @Override
    public Tensor actionGradient(Tensor obs, Tensor act) {
        int e = online.length;
        Tensor[] g = new Tensor[e];                        // [N, D] each
        Backends.current().parallel(e, m -> {
            Var a = Var.param(act.copy());
            try (Tape tape = Tape.record()) {
                Var q = F.sum(online[m].forward(F.concat(1, Var.constant(obs), a)));
                g[m] = tape.grad(F.scale(q, 1f / e), a)[0];
            }
        });
        Tensor sum = g[e - 1];
        for (int m = e - 2; m >= 0; m--) sum = Ops.add(sum, g[m]);
        return sum;
    }

    /** {@code min_e Q_e^target(s, a)} for each row → float[N]. No tape. */
    public float[] targetMin(Tensor inputs) {
        return targetMin(inputs, 0);
    }

    /** As {@link #targetMin(Tensor)}, {@code chunk} rows at a time (0 = all at once): bounded memory, same values. */
    public float[] targetMin(Tensor inputs, int chunk) {
        return targetValues(inputs, chunk, false).toArray();
    }

    /** {@link #targetValues(Tensor, int)} as a host array. */
    public float[] targetValue(Tensor inputs, int chunk) {
        return targetValues(inputs, chunk).toArray();
    }

    /**
     * The target networks' value of each row → [N], reduced over members as {@code critic.target} says:
     * {@code min_e Q_e^target} (RLDT), or {@code mean_e Q_e^target − ρ·std_e Q_e^target} with the unbiased std
     * (the QAM port; for two members std = |Q_1 − Q_2|/√2). {@code chunk} rows at a time (0 = all at once; on the
     * heap at most 256 at a time: same values, faster).
     * The values stay where the backend computes.
     */
    public Tensor targetValues(Tensor inputs, int chunk) {
        return targetValues(inputs, chunk, meanMinusStd);
    }

    /**
     * On a heap backend, rows go through the target networks at most this many at a time even when the caller
     * allows more: a block's activations ([256, hidden] floats per layer) stay in the core's cache between the
     * product and its bias and activation pass instead of streaming from memory. On jvm and
     * jvm-simd every output row is computed the same way whatever the row count, so the values do not change; a
     * backend that picks its product routine by size (nd4j-hybrid) may round differently per block size.
     */
    private static final int HEAP_BLOCK_ROWS = 256;

    private Tensor targetValues(Tensor inputs, int chunk, boolean meanStd) {
        int n = inputs.dim(0), e = target.length;
        Backend be = Backends.current();
        int allowed = chunk > 0 ? chunk : Math.max(1, n);
        int rows = be.device() == null ? Math.min(allowed, HEAP_BLOCK_ROWS) : allowed; // per block
        Tensor[] q = new Tensor[e];                                      // member m: [N]
        for (int m = 0; m < e; m++) q[m] = Tensor.zeros(n);
        // Members side by side on a backend with threads. Within a member the weights stay fixed, so the backend
        // packs each layer once for all blocks, and each block's activations go back to the workspace (no new
        // activation arrays per block: this runs for thousands of rows at every critic step).
        be.parallel(e, m -> {
            try (var ignored = Tape.noGrad(); var fixed = be.constantWeights()) {
                for (int from = 0; from < n; from += rows) {
                    int to = Math.min(n, from + rows);
                    try (var scratch = workspace.scope()) {
                        Var in = Var.constant(from == 0 && to == n ? inputs : Ops.slice(inputs, 0, from, to));
                        be.sliceInto(target[m].forward(in).value().reshape(-1), 0, from, q[m], false); // [to − from]
                    }
                }
            }
        });
        Tensor out = Tensor.zeros(n);
        be.kernel(meanStd ? MEAN_MINUS_STD : MIN, new double[] {rho}, out, q);
        return out;
    }

    /** out [n] = min_e q_e, in: q_0..q_{E−1} [n] (min from +∞, so NaN propagates as Math.min does). */
    private static final HostKernel MIN = new HostKernel("ensemble_min", (out, q, p) -> {
        float[] o = out.data();
        java.util.Arrays.fill(o, 0, out.size(), Float.POSITIVE_INFINITY);
        for (Tensor qm : q) {
            float[] v = qm.data();
            for (int i = 0, n = out.size(); i < n; i++) o[i] = Math.min(o[i], v[i]);
        }
    });

    /** out [n] = mean_e q_e − ρ·std_e q_e (unbiased std), in: q_0..q_{E−1} [n]; p = {ρ}. */
    private static final HostKernel MEAN_MINUS_STD = new HostKernel("ensemble_mean_minus_std", (out, q, p) -> {
        float[] o = out.data();
        int e = q.length;
        for (int i = 0, n = out.size(); i < n; i++) {
            double mean = 0, ss = 0;
            for (int m = 0; m < e; m++) mean += q[m].data()[i];
            mean /= e;
            for (int m = 0; m < e; m++) ss += (q[m].data()[i] - mean) * (q[m].data()[i] - mean);
            double std = e > 1 ? Math.sqrt(ss / (e - 1)) : 0.0;
            o[i] = (float) (mean - p[0] * std);
        }
    });

    /** Mean over online members of Q(s, a) for each row → float[N]. No tape. */
    public float[] onlineMean(Tensor inputs) {
        int n = inputs.dim(0);
        float[] out = new float[n];
        try (var ignored = Tape.noGrad()) {
            Var in = Var.constant(inputs);
            for (Mlp o : online) {
                float[] q = o.forward(in).value().data();
                for (int i = 0; i < n; i++) out[i] += q[i] / online.length;
            }
        }
        return out;
    }

    /**
     * One full-batch step: member {@code m} regresses {@code targets[m] [N_m]} at {@code inputs[m] [N_m, O + D]}
     * (mean squared error); then every target network moves toward its online member (EMA).
     *
     * @return the summed loss and the mean prediction
     */
    public StepStats step(Tensor[] inputs, Tensor[] targets) {
        return step(inputs, targets, 0);
    }

    /**
     * {@link #step(Tensor[], Tensor[])} with each member's rows taken {@code chunk} at a time (0 = all at once): the
     * chunk losses, weighted by their share of the member's rows, add up to the full-batch MSE and so do their
     * gradients, which accumulate before the one optimiser step; memory is bounded by the chunk.
     */
    public StepStats step(Tensor[] inputs, Tensor[] targets, int chunk) {
        optimizer.zeroGrad();
        // The members share nothing (own rows, own parameters, own tape): a backend with threads runs them side by
        // side. Their chunk losses and predictions are combined below in member and chunk order, so the numbers
        // are the same for every thread count.
        int e = online.length;
        double[][] losses = new double[e][];
        Tensor[][] preds = new Tensor[e][];
        Backends.current().parallel(e, m -> memberStep(m, inputs[m], targets[m], chunk, losses, preds));
        double lossSum = 0;
        int rows = 0;
        List<Tensor> predictions = new ArrayList<>();
        for (int m = 0; m < e; m++) {
            if (losses[m] == null) continue;
            for (double l : losses[m]) lossSum += l;
            predictions.addAll(Arrays.asList(preds[m]));
            rows += inputs[m].dim(0);
        }
        if (rows == 0) return new StepStats(Double.NaN, Double.NaN);
        double qSum = Metrics.sum(predictions.toArray(Tensor[]::new));
        optimizer.step();
        Backends.current().parallel(e, m -> Ema.update(target[m], online[m], targetMomentum));
        return new StepStats(lossSum, qSum / rows);
    }

    /**
     * Member {@code m}'s share of {@link #step}: the MSE of its rows, {@code chunk} at a time, backpropagated into its
     * parameters' gradients; each chunk's loss and prediction [rows, 1] go to {@code losses[m]}, {@code preds[m]}.
     */
    private void memberStep(int m, Tensor x, Tensor y, int chunk, double[][] losses, Tensor[][] preds) {
        if (x == null || x.dim(0) == 0) return;
        int n = x.dim(0), step = chunk > 0 ? chunk : n, chunks = (n + step - 1) / step;
        losses[m] = new double[chunks];
        preds[m] = new Tensor[chunks];
        // The chunk's activations and gradients live in the workspace, handed back when the chunk's scope closes.
        // What outlives the scope is not taken from it: the parameters' gradient buffers (Var allocates them
        // outside any scope) and the copy of the prediction, allocated before the scope opens.
        for (int c = 0; c < chunks; c++) {
            int from = c * step, to = Math.min(n, from + step);
            boolean whole = from == 0 && to == n;
            preds[m][c] = Tensor.zeros(to - from, 1);
            try (var scratch = workspace.scope(); Tape tape = Tape.record()) {
                Tensor xc = whole ? x : Ops.slice(x, 0, from, to);
                Tensor yc = whole ? y.reshape(-1, 1) : Ops.slice(y, 0, from, to).reshape(-1, 1);
                Var pred = online[m].forward(Var.constant(xc));
                Var lm = F.mse(pred, Var.constant(yc));
                if (!whole) lm = F.scale(lm, (float) (to - from) / n);
                tape.backward(lm);
                losses[m][c] = lm.item();
                Backends.current().copy(pred.value(), preds[m][c]);
            }
        }
    }

    /** Loss and mean Q of one critic step. */
    public record StepStats(double loss, double qMean) {}

    /** Parameters of online and target networks by name, for checkpoints. */
    public Map<String, Var> namedTensors() {
        Map<String, Var> out = new LinkedHashMap<>();
        onlineAll.namedParameters().forEach((k, v) -> out.put("critic." + k, v));
        targetAll.namedParameters().forEach((k, v) -> out.put("critic_target." + k, v));
        return out;
    }
}
