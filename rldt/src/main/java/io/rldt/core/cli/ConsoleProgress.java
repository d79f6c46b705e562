package io.rldt.core.cli;

import io.rldt.core.train.TrainerCallback;
import java.io.PrintStream;
import java.util.Map;

/**
 * Progress on the terminal: a bar with rate and ETA that redraws in place during pretraining and update
 * rounds, and one concise summary line per iteration. Quiet mode prints nothing.
 */
final class ConsoleProgress implements TrainerCallback {
    private final PrintStream out;
    private final boolean quiet;
    private final String label;
    private long phaseStart = System.nanoTime();
    private long runStart = System.nanoTime();
    private boolean barOpen;

    ConsoleProgress(PrintStream out, boolean quiet, String label) {
        this.out = out;
        this.quiet = quiet;
        this.label = label;
    }

    @Override
    public void onPretrainStep(int step, int total) {
        if (quiet) return;
        if (step == 0) phaseStart = System.nanoTime();
        if (step % 25 == 0 || step == total - 1) bar(label + " pretrain", step + 1, total, "steps");
        if (step == total - 1) endBar();
    }

    @Override
    public void onIterationStart(int iteration, int total, boolean evaluation) {
        phaseStart = System.nanoTime();
        if (iteration == 0) runStart = phaseStart;
        if (!quiet && evaluation) bar(label + " itr " + iteration + "/" + total + " eval", 0, 1, "");
    }

    @Override
    public void onRound(int iteration, int round, int totalRounds) {
        if (!quiet) bar(label + " itr " + iteration + " update", round + 1, totalRounds, "rounds");
    }

    @Override
    public void onIterationEnd(int iteration, Map<String, Double> m) {
        if (quiet) return;
        endBar();
        StringBuilder sb = new StringBuilder(String.format("%s itr %3d", label, iteration));
        add(sb, m, "eval/return_mean", "eval %.3f");
        add(sb, m, "train/return_mean", "train %.3f");
        add(sb, m, "critic/loss", "q_loss %.4f");
        add(sb, m, "actor/phi_norm", "|φ| %.3f");
        add(sb, m, "actor/loss_consistency", "cons %.4f");
        add(sb, m, "train/env_steps", "steps %.0f");
        add(sb, m, "time/iteration_s", "%.1fs");
        out.println(sb);
    }

    @Override
    public void onMessage(String message) {
        if (quiet) return;
        endBar();
        out.println(label + " " + message);
    }

    private static void add(StringBuilder sb, Map<String, Double> m, String key, String fmt) {
        Double v = m.get(key);
        if (v != null && !v.isNaN()) sb.append("  ").append(String.format(fmt, v));
    }

    private void bar(String what, int done, int total, String unit) {
        double secs = (System.nanoTime() - phaseStart) / 1e9;
        double rate = done / Math.max(secs, 1e-9);
        double eta = done == 0 ? Double.NaN : (total - done) / rate;
        int width = 24, filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
        String line = String.format("\r%s [%s%s] %d/%d %s  %.1f/s  ETA %s   ", what, "#".repeat(filled),
                ".".repeat(width - filled), done, total, unit, rate, Double.isNaN(eta) ? "?" : String.format("%.0fs", eta));
        out.print(line);
        out.flush();
        barOpen = true;
    }

    private void endBar() {
        if (barOpen) {
            out.print("\r" + " ".repeat(100) + "\r");
            barOpen = false;
        }
    }

    double elapsedSeconds() {
        return (System.nanoTime() - runStart) / 1e9;
    }
}
