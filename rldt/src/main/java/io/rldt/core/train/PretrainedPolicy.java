package io.rldt.core.train;

import io.rldt.autodiff.io.Checkpoint;
import io.rldt.autodiff.io.CheckpointException;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.data.Demonstrations;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.demo.DemoSources;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.core.pretrain.FlowPretrainer;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pretrained flow policy of a run and the normalisation statistics it was trained under, saved as
 * {@code pretrained.safetensors} (weights named {@code policy.*}; dimensions and statistics in the metadata).
 */
public record PretrainedPolicy(FlowPolicy policy, NormalizationStats stats, double pretrainLoss) {

    /** Loads the run's pretrained policy, or collects demonstrations, pretrains and saves it. */
    public static PretrainedPolicy loadOrTrain(RldtConfig cfg, RunFiles files, List<TrainerCallback> callbacks)
            throws IOException {
        if (Files.exists(files.pretrained())) {
            for (TrainerCallback cb : callbacks) cb.onMessage("loading pretrained policy from " + files.pretrained());
            return load(files.pretrained(), cfg);
        }
        for (TrainerCallback cb : callbacks) cb.onMessage("collecting demonstrations (" + cfg.task().demoSource() + ")");
        Demonstrations demos = DemoSources.load(cfg.task(), Seeds.derive(cfg.seed(), "demos", 0));
        VelocityNet net = new VelocityNet(demos.obsDim(), demos.chunkDim(), cfg.policy(), Seeds.rng(cfg.seed(), "policy-init", 0));
        FlowPolicy policy = new FlowPolicy(net, cfg.policy().denoisingSteps());
        for (TrainerCallback cb : callbacks) {
            cb.onMessage("pretraining on " + demos.size() + " chunks for " + cfg.pretrain().steps() + " steps");
        }
        FlowPretrainer pre = new FlowPretrainer(policy, cfg.policy(), cfg.pretrain(), Seeds.rng(cfg.seed(), "ema-init", 0));
        double loss = pre.run(demos, Seeds.rng(cfg.seed(), "pretrain", 0),
                step -> callbacks.forEach(cb -> cb.onPretrainStep(step, cfg.pretrain().steps())));
        PretrainedPolicy p = new PretrainedPolicy(policy, demos.stats(), loss);
        p.save(files.pretrained(), cfg.task().horizon(), cfg.task().env());
        return p;
    }

    /** Saves without the task's env id (a policy whose task is unknown to the caller). */
    public void save(Path file, int horizon) throws IOException {
        save(file, horizon, null);
    }

    /**
     * Saves the weights with the dimensions, horizon, normalisation and, when {@code env} is not null, the id of
     * the task the policy was trained on (metadata {@code env}: {@code eval} and {@code finetune --pretrained}
     * use it to pick or check the task).
     */
    public void save(Path file, int horizon, String env) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        if (env != null) meta.put("env", env);
        meta.put("obs_dim", Integer.toString(policy.obsDim()));
        meta.put("action_dim", Integer.toString(policy.actionDim()));
        meta.put("horizon", Integer.toString(horizon));
        meta.put("denoising_steps", Integer.toString(policy.steps()));
        meta.put("pretrain_loss", Double.toString(pretrainLoss));
        meta.put("normalize", Boolean.toString(stats.enabled()));
        meta.put("obs_min", Metadata.join(stats.obsMin()));
        meta.put("obs_max", Metadata.join(stats.obsMax()));
        meta.put("action_min", Metadata.join(stats.actionMin()));
        meta.put("action_max", Metadata.join(stats.actionMax()));
        Safetensors.write(file, Checkpoint.of("policy.", policy.net()), meta);
    }

    public static PretrainedPolicy load(Path file, RldtConfig cfg) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        // The network is sized from these before any tensor is checked, so they are bounded first.
        int obs = Metadata.intValue(file, meta, "obs_dim", 1, MAX_DIM), act = Metadata.intValue(file, meta, "action_dim", 1, MAX_DIM);
        VelocityNet net = new VelocityNet(obs, act, cfg.policy(), new io.rldt.engine.Rng(0));
        Map<String, Tensor> live = Checkpoint.of("policy.", net);
        Checkpoint.load(file, live);
        NormalizationStats stats = new NormalizationStats(Metadata.doubles(file, meta, "obs_min"), Metadata.doubles(file, meta, "obs_max"),
                Metadata.doubles(file, meta, "action_min"), Metadata.doubles(file, meta, "action_max"),
                Boolean.parseBoolean(meta.getOrDefault("normalize", "false")));
        int a = stats.actionMin().length; // single actions; action_dim is the chunk's H·A
        if (stats.obsMin().length != obs || a == 0 || act % a != 0) {
            throw new CheckpointException(file, null, "metadata 'obs_min'/'action_min' have " + stats.obsMin().length + "/"
                    + a + " entries, expected obs_dim (" + obs + ") and a divisor of action_dim (" + act + ")");
        }
        String problem = stats.firstProblem(false); // fitted statistics may pin a constant feature (min == max)
        if (problem != null) throw new CheckpointException(file, null, "normalisation metadata: " + problem);
        return new PretrainedPolicy(new FlowPolicy(net, cfg.policy().denoisingSteps()), stats,
                Double.parseDouble(meta.getOrDefault("pretrain_loss", "NaN")));
    }

    /** Observation and action widths beyond this are corruption (Humanoid's observation has 376). */
    private static final int MAX_DIM = 1 << 16;
}
