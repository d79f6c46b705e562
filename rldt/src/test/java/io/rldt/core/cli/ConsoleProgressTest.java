package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bars with rate and ETA on a terminal; plain completion lines elsewhere; nothing when quiet. */
class ConsoleProgressTest {

    static String drive(boolean quiet, boolean tty) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), quiet, "[t]", tty);
        for (int i = 0; i < 50; i++) p.onPretrainStep(i, 50);
        p.onIterationStart(1, 3, false);
        for (int r = 0; r < 4; r++) p.onRound(1, r, 4);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train/return_mean", -12.5);
        m.put("critic/loss", 0.25);
        m.put("eval/return_mean", Double.NaN);
        m.put("train/env_steps", 400.0);
        p.onIterationEnd(1, m);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void non_terminal_output_has_no_carriage_returns() {
        String out = drive(false, false);
        assertFalse(out.contains("\r"), out);
        assertTrue(out.contains("[t] pretrain 50 steps in 0:00"), out);
        assertTrue(out.contains("[t] itr   1  train -12.500  q_loss 0.2500  steps 400"), out);
        assertFalse(out.contains("eval"), "NaN metrics are left out: " + out);
    }

    @Test
    void evaluation_lines_show_the_success_rate_where_the_task_defines_one() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "[t]", false);
        p.onIterationEnd(5, Map.of("eval/return_mean", 35.0, "eval/return_std", 44.0, "eval/success_rate", 0.45));
        p.onIterationEnd(10, Map.of("eval/return_mean", -180.0, "eval/return_std", 80.0));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("[t] itr   5  eval 35.000  ± 44.000  success 45%"), out);
        assertTrue(out.contains("[t] itr  10  eval -180.000  ± 80.000  [") && out.lines().count() == 2, out);
    }

    @Test
    void terminal_output_redraws_a_bar_with_rate_and_eta() {
        String out = drive(false, true);
        assertTrue(out.contains("\r[t] pretrain [########################] 50/50 steps"), out);
        assertTrue(out.contains("/s  ETA 0:00"), out);
        assertTrue(ConsoleProgress.bar("x", 5, 10, "eps", 10).contains("[############............] 5/10 eps  0.5/s  ETA 0:10"));
        assertEquals("1:01:01", ConsoleProgress.clock(3661));
    }

    @Test
    void long_phases_in_a_log_print_a_line_per_tenth() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "[t]", false);
        for (int i = 0; i < 2000; i++) p.onPretrainStep(i, 2000);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), out);
        assertEquals(10, out.lines().count(), out);
        assertTrue(out.contains("[t] pretrain 200/2000 steps ("), out);
        assertTrue(out.contains("ETA "), out);
        assertTrue(out.lines().toList().getLast().startsWith("[t] pretrain 2000 steps in "), out);
    }

    @Test
    void quiet_prints_nothing() {
        assertEquals("", drive(true, true));
        assertEquals("", drive(true, false));
    }
}
