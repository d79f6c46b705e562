package io.rldt.core.cli;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.train.PretrainedPolicy;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.RunMetadata;
import io.rldt.core.train.TrainerCallback;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Flow-matching (CFM) pretraining only: demonstrations from {@code task.demoSource} (a built-in source or a
 * dataset file), the EMA policy written to {@code pretrained.safetensors} of the run directory together with
 * {@code config.toml} and {@code metadata.json}. {@code rldt finetune} on the same directory and config (or
 * {@code --pretrained DIR} from another) continues from it.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretrain a flow policy on demonstrations (CFM) and write pretrained.safetensors.",
                "Demonstrations: --dataset FILE (.npz DPPO/rldt, .hdf5 D4RL) or the preset's built-in source."})
final class PretrainCommand implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Override
    public Integer call() throws Exception {
        RldtConfig cfg = run.resolve();
        if (run.printConfig) {
            System.out.print(ConfigToml.write(cfg));
            return 0;
        }
        RunFiles files = new RunFiles(run.runDir(run.preset + "-pretrain-seed" + cfg.seed()));
        Files.createDirectories(files.dir());
        files.removeStaleTemporaries(); // left by a run killed mid-write
        if (Files.exists(files.pretrained())) {
            throw new IllegalStateException(files.pretrained() + " exists already; choose another --run-dir or delete it");
        }
        String toml = ConfigToml.write(cfg);
        if (Files.exists(files.config()) && !Files.readString(files.config()).equals(toml)) {
            throw new IllegalStateException("run directory " + files.dir() + " holds a run with a different config ("
                    + files.config() + "); use a new directory");
        }
        RunFiles.writeAtomically(files.config(), toml);
        RunFiles.writeAtomically(files.metadata(), RunMetadata.json());
        long start = System.nanoTime();
        List<TrainerCallback> cbs = List.of(new ConsoleProgress(System.out, run.quiet, "[" + cfg.task().env() + "]"));
        PretrainedPolicy p = PretrainedPolicy.loadOrTrain(cfg, files, cbs);
        System.out.printf("%s: pretrained %d steps, final CFM loss %.4f, %.0f s. Policy in %s%n", cfg.task().env(),
                cfg.pretrain().steps(), p.pretrainLoss(), (System.nanoTime() - start) / 1e9, files.pretrained().toAbsolutePath());
        return 0;
    }
}
