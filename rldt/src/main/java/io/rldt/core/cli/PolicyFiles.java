package io.rldt.core.cli;

import io.rldt.autodiff.io.Checkpoint;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.ConfigException;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.core.train.PretrainedPolicy;
import io.rldt.core.train.RunFiles;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finding and loading policies for {@code eval}, {@code collect} and {@code finetune --pretrained}: a run
 * directory (its {@code config.toml}, {@code pretrained.safetensors} and {@code checkpoint.safetensors}) or a
 * lone {@code pretrained.safetensors}, whose network sizes are read off the tensor shapes.
 */
final class PolicyFiles {
    private PolicyFiles() {}

    /** Which weights of a run: the pretrained policy, the fine-tuned one in the checkpoint, or the latter if present. */
    enum Which { AUTO, PRETRAINED, CHECKPOINT }

    /** A loaded policy with the config and statistics it runs under. */
    record Loaded(RldtConfig cfg, FlowPolicy policy, NormalizationStats stats, String description) {}

    /** The {@code pretrained.safetensors} a {@code --pretrained} argument names: the file, or the one in a run directory. */
    static Path pretrainedFile(Path fileOrRunDir) {
        Path f = Files.isDirectory(fileOrRunDir) ? new RunFiles(fileOrRunDir).pretrained() : fileOrRunDir;
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(Files.isDirectory(fileOrRunDir)
                    ? "run directory " + fileOrRunDir + " has no pretrained.safetensors (run `rldt pretrain` there first)"
                    : "pretrained policy " + fileOrRunDir + " does not exist (expected a .safetensors file or a run directory)");
        }
        return f;
    }

    /**
     * {@code cfg} with the policy sizes, horizon and normalisation of the pretrained file {@code f} (read from
     * its tensor shapes and metadata), so its weights load; {@code notes} collects what changed.
     */
    static RldtConfig adoptShapes(RldtConfig cfg, Path f, List<String> notes) throws IOException {
        Safetensors.Contents c = Safetensors.read(f);
        String env = c.metadata().get("env");
        if (env != null && !env.equals(cfg.task().env())) {
            throw new ConfigException("pretrained policy " + f + " was trained on " + env + ", but the task here is "
                    + cfg.task().env() + ": pick a preset for " + env + presetHint(env) + ", or --set task.env=" + env);
        }
        Map<String, Tensor> t = c.tensors();
        Tensor fc1 = need(f, t, "policy.time.fc1.weight"), in = need(f, t, "policy.body.layers.0.weight");
        int blocks = 0;
        while (t.containsKey("policy.body.layers." + (blocks + 1) + ".l1.weight")) blocks++;
        List<String> sets = new ArrayList<>();
        sets.add("policy.timeEmbedding=" + fc1.dim(1));
        sets.add("policy.timeHidden=" + fc1.dim(0));
        sets.add("policy.hidden=" + in.dim(0));
        sets.add("policy.residualBlocks=" + blocks);
        Map<String, String> meta = c.metadata();
        if (meta.containsKey("denoising_steps")) sets.add("policy.denoisingSteps=" + meta.get("denoising_steps"));
        if (meta.containsKey("horizon")) sets.add("task.horizon=" + meta.get("horizon"));
        if (meta.containsKey("normalize")) sets.add("task.normalize=" + meta.get("normalize"));
        RldtConfig adopted = ConfigToml.override(cfg, sets);
        if (!adopted.policy().equals(cfg.policy()) || !adopted.task().equals(cfg.task())) {
            notes.add("adopted from " + f + ": " + String.join(", ", sets));
        }
        return adopted;
    }

    /** The env id a pretrained file was trained on (its {@code env} metadata), or null for files saved without it. */
    static String trainedEnv(Path f) throws IOException {
        return Safetensors.read(f).metadata().get("env");
    }

    /**
     * The built-in preset for {@code env}: a {@code *-cpu} preset if one exists, else any preset of that task (in
     * name order); null when none.
     */
    static String presetFor(String env) {
        String any = null;
        for (String name : Presets.names()) {
            if (!Presets.get(name).task().env().equals(env)) continue;
            if (name.endsWith("-cpu")) return name;
            if (any == null) any = name;
        }
        return any;
    }

    private static String presetHint(String env) {
        String p = presetFor(env);
        return p == null ? "" : ", e.g. --preset " + p;
    }

    /** A run directory's policy (and config), or a lone pretrained file under {@code fallback}'s env. */
    static Loaded load(Path target, Which which, RldtConfig fallback) throws IOException {
        if (Files.isDirectory(target)) {
            RunFiles run = new RunFiles(target);
            if (!Files.exists(run.config())) {
                throw new IllegalArgumentException(target + " is not a run directory (no config.toml)");
            }
            RldtConfig cfg = ConfigToml.readRun(Files.readString(run.config()));
            PretrainedPolicy pre = PretrainedPolicy.load(pretrainedFile(target), cfg);
            boolean useCheckpoint = which == Which.CHECKPOINT || (which == Which.AUTO && Files.exists(run.checkpoint()));
            if (!useCheckpoint) return new Loaded(cfg, pre.policy(), pre.stats(), "pretrained policy of " + target);
            if (!Files.exists(run.checkpoint())) {
                throw new IllegalArgumentException(target + " has no checkpoint.safetensors (fine-tune it first, or use --policy pretrained)");
            }
            Checkpoint.load(run.checkpoint(), Checkpoint.of("policy.", pre.policy().net()));
            return new Loaded(cfg, pre.policy(), pre.stats(), "fine-tuned policy of " + target + " (checkpoint)");
        }
        if (which == Which.CHECKPOINT) throw new IllegalArgumentException("--policy checkpoint needs a run directory, got " + target);
        RldtConfig cfg = adoptShapes(fallback, pretrainedFile(target), new ArrayList<>());
        PretrainedPolicy pre = PretrainedPolicy.load(target, cfg);
        return new Loaded(cfg, pre.policy(), pre.stats(), "pretrained policy " + target);
    }

    private static Tensor need(Path f, Map<String, Tensor> t, String name) {
        Tensor x = t.get(name);
        if (x == null) throw new ConfigException(f + " is not a pretrained policy: tensor '" + name + "' is missing");
        return x;
    }

    static String describe(VelocityNet net) {
        return "obs " + net.obsDim() + ", chunk " + net.actionDim();
    }
}
