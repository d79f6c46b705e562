package io.rldt.core.cli;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Pretrain (unless the run has a pretrained policy, or {@code --pretrained} gives one) and fine-tune with RLDT;
 * resumes an interrupted run. Writes metrics, checkpoints, {@code summary.json} and the plots.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune a flow policy with RLDT; pretrains first unless the run directory or --pretrained has a policy.",
                "Re-running on the same --run-dir with the same config resumes after the last checkpoint."})
final class FinetuneCommand implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Option(names = "--pretrained", paramLabel = "FILE|DIR",
            description = "start from this pretrained policy (a pretrained.safetensors or a run directory holding one); "
                    + "the policy sizes, horizon and normalisation are taken from it")
    Path pretrained;

    @Override
    public Integer call() throws Exception {
        RldtConfig cfg = run.resolve();
        List<String> notes = new ArrayList<>();
        Path source = pretrained == null ? null : PolicyFiles.pretrainedFile(pretrained);
        if (source != null) cfg = PolicyFiles.adoptShapes(cfg, source, notes);
        if (run.printConfig) {
            System.out.print(ConfigToml.write(cfg));
            return 0;
        }
        Path dir = run.runDir(run.preset + "-seed" + cfg.seed());
        RunFiles files = new RunFiles(dir);
        files.removeStaleTemporaries(); // left by a run killed mid-write
        if (source != null) install(source, files);
        ConsoleProgress progress = new ConsoleProgress(System.out, run.quiet, "[" + cfg.task().env() + "]");
        notes.forEach(progress::onMessage);
        Trainer trainer = new Trainer(cfg, dir).addCallback(progress);
        Trainer.Summary s = trainer.run();
        List<Path> plots = RunReport.write(cfg, dir, trainer.pretrained().policy(), trainer.agent().policy(),
                trainer.pretrained().stats());
        System.out.printf("%s: pretrained return %.3f -> final %.3f (best %.3f), %d env steps, %.0f s. Results in %s (%s)%n",
                cfg.task().env(), s.pretrainedReturn(), s.finalReturn(), s.bestReturn(), s.envSteps(), s.seconds(),
                dir.toAbsolutePath(), String.join(", ", plots.stream().map(p -> p.getFileName().toString()).toList()));
        return 0;
    }

    /** Copies the given pretrained policy into the run directory (where the Trainer picks it up). */
    private static void install(Path source, RunFiles files) throws java.io.IOException {
        Files.createDirectories(files.dir());
        Path target = files.pretrained();
        if (Files.exists(target)) {
            if (Files.isSameFile(source, target) || Arrays.equals(Files.readAllBytes(source), Files.readAllBytes(target))) return;
            throw new IllegalStateException(files.dir() + " already has a different pretrained.safetensors; "
                    + "use a new --run-dir for --pretrained " + source);
        }
        Path tmp = Files.createTempFile(files.dir(), ".pretrained", ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
