package io.rldt.core.cli;

import io.rldt.core.train.TrainerCallback;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Progress on the terminal: a bar with rate and ETA that redraws in place during pretraining, rollouts and
 * update rounds, and one concise summary line per iteration. When the output is not a terminal (a log file, a
 * pipe, CI) nothing is redrawn: each phase prints one plain line when it completes. Quiet mode prints nothing.
 */
final class ConsoleProgress implements TrainerCallback {
    private final PrintStream out;
    private final boolean quiet;
    private final boolean tty;
    private final String label;
    private long phaseStart = System.nanoTime();
    private long runStart = System.nanoTime();
    private long lastDraw;
    private boolean barOpen;
    /** Phases at least this long also print a line per tenth when the output is not a terminal. */
    static final int LOG_EVERY_TENTH = 1000;
    private long firstStep = -1;

    ConsoleProgress(PrintStream out, boolean quiet, String label) {
        this(out, quiet, label, isTerminal(out));
    }

    ConsoleProgress(PrintStream out, boolean quiet, String label, boolean tty) {
        this.out = out;
        this.quiet = quiet;
        this.label = label;
        this.tty = tty;
    }

    /** True when {@code out} is the process's standard output and that is an interactive terminal. */
    static boolean isTerminal(PrintStream out) {
        if (out != System.out || Boolean.getBoolean("rldt.noTty")) return false;
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void onPretrainStep(int step, int total) {
        if (step == 0) phaseStart = System.nanoTime();
        progress(label + " pretrain", step + 1, total, "steps");
    }

    @Override
    public void onIterationStart(int iteration, int total, boolean evaluation) {
        phaseStart = System.nanoTime();
        if (iteration == 0) runStart = phaseStart;
        if (!quiet && tty) {
            draw(label + " itr " + iteration + "/" + total + (evaluation ? " eval" : " rollout"), 0, 1, "");
        }
    }

    @Override
    public void onRolloutStep(int iteration, int step, int totalSteps) {
        if (step == 0) phaseStart = System.nanoTime();
        if (tty) progress(label + " itr " + iteration + " rollout", step + 1, totalSteps, "chunk steps");
    }

    @Override
    public void onRound(int iteration, int round, int totalRounds) {
        if (round == 0) phaseStart = System.nanoTime();
        if (tty) progress(label + " itr " + iteration + " update", round + 1, totalRounds, "rounds");
    }

    @Override
    public void onEnvSteps(long done, long total) {
        if (quiet || !tty) return; // logs get the per-row lines only
        long now = System.nanoTime();
        if (firstStep < 0) { // a resumed run: rate and ETA count only this invocation's steps
            firstStep = done - 1;
            runStart = now;
        }
        if (done < total && now - lastDraw <= 100_000_000L) return;
        lastDraw = now;
        double secs = (now - runStart) / 1e9;
        out.print(bar(label + " step " + done, (int) (done - firstStep), (int) (total - firstStep), "env steps", secs));
        out.flush();
        barOpen = true;
    }

    /** Progress of a phase outside the trainer (episodes of {@code collect}, for instance). */
    void onProgress(String unit, int done, int total) {
        if (done <= 1) phaseStart = System.nanoTime();
        progress(label, done, total, unit);
    }

    @Override
    public void onIterationEnd(int iteration, Map<String, Double> m) {
        if (quiet) return;
        endBar();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s itr %3d", label, iteration));
        add(sb, m, "eval/return_mean", "eval %.3f");
        add(sb, m, "eval/return_std", "± %.3f");
        Double success = m.get("eval/success_rate");
        if (success != null) add(sb, Map.of("s", 100 * success), "s", "success %.0f%%");
        add(sb, m, "train/return_mean", "train %.3f");
        add(sb, m, "critic/loss", "q_loss %.4f");
        add(sb, m, "actor/phi_norm", "|φ| %.3f");
        add(sb, m, "actor/loss_consistency", "cons %.4f");
        add(sb, m, "sac/alpha", "α %.3f");
        add(sb, m, "train/env_steps", "steps %.0f");
        add(sb, m, "time/steps_per_s", "%.0f steps/s");
        add(sb, m, "time/iteration_s", "%.1fs");
        double elapsed = elapsedSeconds();
        sb.append(String.format(Locale.ROOT, "  [%s]", clock(elapsed)));
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
        if (v != null && !v.isNaN()) sb.append("  ").append(String.format(Locale.ROOT, fmt, v));
    }

    private void progress(String what, int done, int total, String unit) {
        if (quiet) return;
        boolean last = done >= total;
        if (tty) {
            long now = System.nanoTime();
            if (last || now - lastDraw > 100_000_000L) { // at most 10 redraws a second
                draw(what, done, total, unit);
                lastDraw = now;
            }
            if (last) endBar();
        } else if (last) {
            double secs = (System.nanoTime() - phaseStart) / 1e9;
            out.println(String.format(Locale.ROOT, "%s %d %s in %s (%.1f/s)", what, total, unit, clock(secs),
                    total / Math.max(secs, 1e-9)));
        } else if (total >= LOG_EVERY_TENTH && done % (total / 10) == 0) {
            // A long phase in a log file: one plain line per tenth, so a background run shows its rate and ETA.
            double secs = (System.nanoTime() - phaseStart) / 1e9;
            double rate = done / Math.max(secs, 1e-9);
            out.println(String.format(Locale.ROOT, "%s %d/%d %s (%.1f/s, ETA %s)", what, done, total, unit, rate,
                    clock((total - done) / Math.max(rate, 1e-9))));
        }
    }

    private void draw(String what, int done, int total, String unit) {
        out.print(bar(what, done, total, unit, (System.nanoTime() - phaseStart) / 1e9));
        out.flush();
        barOpen = true;
    }

    /** The bar line for {@code done} of {@code total} after {@code secs} seconds (a carriage return first). */
    static String bar(String what, int done, int total, String unit, double secs) {
        double rate = done / Math.max(secs, 1e-9);
        double eta = done == 0 ? Double.NaN : (total - done) / rate;
        int width = 24, filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
        return String.format(Locale.ROOT, "\r%s [%s%s] %d/%d %s  %.1f/s  ETA %s   ", what, "#".repeat(filled),
                ".".repeat(width - filled), done, total, unit, rate, Double.isNaN(eta) ? "?" : clock(eta));
    }

    static String clock(double secs) {
        long s = Math.round(secs);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void endBar() {
        if (barOpen) {
            out.print("\r" + " ".repeat(110) + "\r");
            barOpen = false;
        }
    }

    double elapsedSeconds() {
        return (System.nanoTime() - runStart) / 1e9;
    }
}
