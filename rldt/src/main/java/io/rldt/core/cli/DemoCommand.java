package io.rldt.core.cli;

import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import io.rldt.core.plot.ParticleCloudPlot;
import io.rldt.core.plot.RunPlots;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.Trainer;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.tasks.BimodalBandit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: pretraining plus RLDT fine-tuning on the built-in bimodal bandit (and Pendulum-v1 unless
 * {@code --no-pendulum}), with progress, metrics, learning curves and the particle-cloud picture of the bandit
 * before and after fine-tuning. No downloads, no GPU.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Pretrain and fine-tune on the bimodal bandit (and Pendulum-v1); write metrics and plots.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})", defaultValue = "runs/demo")
    Path out;

    @Option(names = "--no-pendulum", description = "only the bandit (about a minute and a half on 2 cores)")
    boolean noPendulum;

    @Option(names = "--seed", description = "seed of both runs (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long seed;

    @Option(names = "--set", description = "override a key of both runs, e.g. --set loop.iterations=10 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "print only the summaries")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(bandit());
        if (!noPendulum) lines.add(pendulum());
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println("Plots, metrics and checkpoints: " + out.toAbsolutePath());
        return 0;
    }

    private String bandit() throws Exception {
        RldtConfig cfg = ConfigToml.override(Presets.bandit().withSeed(seed), overrides);
        Path dir = out.resolve("bandit");
        Trainer trainer = new Trainer(cfg, dir).addCallback(new ConsoleProgress(System.out, quiet, "[bandit]"));
        trainer.run();
        RunFiles files = new RunFiles(dir);
        RunPlots.learningCurve(files.metricsCsv(), files.learningCurve(), "RLDT on the bimodal bandit (learned critic)");
        Path cloud = dir.resolve("particles.png");
        Rng rng = new Rng(seed + 1);
        double[][] before = samples(trainer.pretrained().policy(), rng), after = samples(trainer.agent().policy(), rng);
        new ParticleCloudPlot((x, y) -> BimodalBandit.reward(new double[] {x, y}),
                new ParticleCloudPlot.Bounds(-2.2, 2.2, -1.2, 1.6))
                .title("RLDT on the bimodal bandit: reward landscape and policy samples")
                .panelTitles(String.format("pretrained flow (mean reward %.2f)", mean(before)),
                        String.format("after RLDT fine-tuning (mean reward %.2f)", mean(after)))
                .before(before).after(after)
                .write(cloud, 1200, 600);
        return String.format("bandit:   mean reward %.3f -> %.3f (peak %.3f); both modes kept: left share %.2f. %s, %s",
                mean(before), mean(after), BimodalBandit.peakValue(), leftShare(after), cloud, files.learningCurve());
    }

    private String pendulum() throws Exception {
        RldtConfig cfg = ConfigToml.override(Presets.pendulum().withSeed(seed), overrides);
        Path dir = out.resolve("pendulum");
        Trainer.Summary s = new Trainer(cfg, dir).addCallback(new ConsoleProgress(System.out, quiet, "[pendulum]")).run();
        RunFiles files = new RunFiles(dir);
        RunPlots.learningCurve(files.metricsCsv(), files.learningCurve(), "RLDT on Pendulum-v1");
        return String.format("pendulum: evaluation return %.1f (pretrained) -> %.1f (final), best %.1f, %d env steps. %s",
                s.pretrainedReturn(), s.finalReturn(), s.bestReturn(), s.envSteps(), files.learningCurve());
    }

    private static double[][] samples(FlowPolicy policy, Rng rng) {
        Tensor a = policy.act(Tensor.zeros(1500, 1), rng, false);
        double[][] pts = new double[1500][2];
        for (int i = 0; i < 1500; i++) {
            pts[i][0] = a.data()[2 * i];
            pts[i][1] = a.data()[2 * i + 1];
        }
        return pts;
    }

    private static double mean(double[][] pts) {
        double r = 0;
        for (double[] p : pts) r += BimodalBandit.reward(p) / pts.length;
        return r;
    }

    private static double leftShare(double[][] pts) {
        double n = 0;
        for (double[] p : pts) if (p[0] < 0) n++;
        return n / pts.length;
    }
}
