package io.rldt.core.cli;

import io.rldt.core.config.RldtConfig;
import io.rldt.core.plot.RunPlots;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.Trainer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Pretrain (if the run has no pretrained policy yet) and fine-tune with RLDT; resumes an interrupted run. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Pretrain on demonstrations, then fine-tune with RLDT. Re-running on the same --run-dir resumes.")
final class FinetuneCommand implements Callable<Integer> {
    @Mixin
    RunOptions run = new RunOptions();

    @Override
    public Integer call() throws Exception {
        RldtConfig cfg = run.resolve();
        var dir = run.runDir(run.preset + "-seed" + cfg.seed());
        ConsoleProgress progress = new ConsoleProgress(System.out, run.quiet, "[" + cfg.task().env() + "]");
        Trainer.Summary s = new Trainer(cfg, dir).addCallback(progress).run();
        RunFiles files = new RunFiles(dir);
        RunPlots.learningCurve(files.metricsCsv(), files.learningCurve(), "RLDT on " + cfg.task().env());
        System.out.printf("%s: pretrained return %.3f -> final %.3f (best %.3f), %d env steps, %.0f s. Results in %s%n",
                cfg.task().env(), s.pretrainedReturn(), s.finalReturn(), s.bestReturn(), s.envSteps(), s.seconds(),
                dir.toAbsolutePath());
        return 0;
    }
}
