package io.rldt.core.train;

import io.rldt.core.config.RldtConfig;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.plot.ParticleCloudPlot;
import io.rldt.core.plot.RunPlots;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import io.rldt.envs.Env;
import io.rldt.envs.tasks.BimodalBandit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * The pictures of a finished run ({@link Trainer#run} writes them): the learning curve, and for tasks whose policy
 * outputs a 2-D action (chunk width 2) the particle cloud before and after fine-tuning at the first evaluation
 * state, over a reward landscape: the caller's ({@link Trainer#rewardLandscape}), the bimodal bandit's own, or
 * none.
 */
final class RunReport {
    private RunReport() {}

    /** @param landscape reward at a 2-D action (x, y) for the particle picture's background; null: none */
    static List<Path> write(RldtConfig cfg, Path dir, FlowPolicy before, FlowPolicy after, NormalizationStats stats,
                            DoubleBinaryOperator landscape) throws java.io.IOException {
        RunFiles files = new RunFiles(dir);
        List<Path> out = new ArrayList<>();
        RunPlots.learningCurve(files.metricsCsv(), files.learningCurve(), name(cfg) + " on " + cfg.task().env());
        out.add(files.learningCurve());
        if (after.actionDim() == 2) {
            Path cloud = dir.resolve("particles.png");
            particleCloud(cfg, before, after, stats, landscape, cloud);
            out.add(cloud);
        }
        return out;
    }

    static void particleCloud(RldtConfig cfg, FlowPolicy before, FlowPolicy after, NormalizationStats stats,
                              DoubleBinaryOperator landscape, Path png) {
        int n = 1500;
        float[] state;
        try (Env env = TaskEnvs.make(cfg.task(), stats)) {
            double[] o = env.reset(cfg.seed()).observation();
            state = new float[o.length];
            for (int i = 0; i < o.length; i++) state[i] = (float) o[i];
        }
        Tensor obs = Tensor.zeros(n, state.length);
        for (int i = 0; i < n; i++) System.arraycopy(state, 0, obs.data(), i * state.length, state.length);
        Rng rng = new Rng(cfg.seed() + 1);
        double[][] b = points(before.act(obs, rng, false)), a = points(after.act(obs, rng, false));
        boolean bandit = landscape == null && cfg.task().env().startsWith("BimodalBandit");
        ParticleCloudPlot.Bounds bounds = bandit ? new ParticleCloudPlot.Bounds(-2.2, 2.2, -1.2, 1.6) : bounds(b, a);
        DoubleBinaryOperator reward = landscape != null ? landscape
                : bandit ? (x, y) -> BimodalBandit.reward(new double[] {x, y}) : (x, y) -> 0.0;
        new ParticleCloudPlot(reward, bounds)
                .title("Policy samples at one state: " + cfg.task().env())
                .panelTitles("pretrained flow", "after " + name(cfg) + " fine-tuning")
                .before(b).after(a)
                .write(png, 1200, 600);
    }

    private static String name(RldtConfig cfg) {
        return "qam".equals(cfg.algorithm()) ? "QAM" : "RLDT";
    }

    private static double[][] points(Tensor a) {
        int n = a.dim(0);
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            p[i][0] = a.data()[2 * i];
            p[i][1] = a.data()[2 * i + 1];
        }
        return p;
    }

    private static ParticleCloudPlot.Bounds bounds(double[][]... sets) {
        double x0 = -1, x1 = 1, y0 = -1, y1 = 1;
        for (double[][] s : sets) {
            for (double[] p : s) {
                if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) continue;
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                y0 = Math.min(y0, p[1]);
                y1 = Math.max(y1, p[1]);
            }
        }
        double px = 0.05 * (x1 - x0), py = 0.05 * (y1 - y0);
        return new ParticleCloudPlot.Bounds(x0 - px, x1 + px, y0 - py, y1 + py);
    }
}
