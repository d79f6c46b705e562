package io.rldt.core.train;

import io.rldt.core.config.Presets;
import io.rldt.core.config.RldtConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerExperiment {
    public static void main(String[] args) throws Exception {
        new TrainerExperiment().run();
    }

    @Test
    void run() throws Exception {
        String preset = System.getProperty("preset", "bandit");
        RldtConfig cfg = Presets.get(preset);
        String sets = System.getProperty("set", "");
        if (!sets.isBlank()) cfg = io.rldt.core.config.ConfigToml.override(cfg, java.util.List.of(sets.split(";")));
        Path dir = Path.of(System.getProperty("dir", "/tmp/rldt-exp-" + preset));
        if (Boolean.getBoolean("fresh")) {
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); } catch (Exception ignored) {}
        }
        long t0 = System.nanoTime();
        Trainer t = new Trainer(cfg, dir).addCallback(new TrainerCallback() {
            @Override public void onIterationEnd(int itr, Map<String, Double> m) {
                System.out.printf("%5.1fs itr %d eval %.3f train %.3f q %.3f gq %.3f loss_rl %.4f cons %.4f fisher %.4f scale %.3f roll %.2f boot %.2f crit %.2f act %.2f%n", (System.nanoTime() - t0) / 1e9, itr, m.getOrDefault("eval/return_mean", Double.NaN), m.getOrDefault("train/return_mean", Double.NaN), m.getOrDefault("critic/q_mean", Double.NaN), m.getOrDefault("actor/grad_q_norm", Double.NaN), m.getOrDefault("actor/loss_rl", Double.NaN), m.getOrDefault("actor/loss_consistency", Double.NaN), m.getOrDefault("actor/loss_fisher", Double.NaN), m.getOrDefault("critic/reward_scale", Double.NaN), m.getOrDefault("time/rollout_s", Double.NaN), m.getOrDefault("time/bootstrap_s", Double.NaN), m.getOrDefault("time/critic_s", Double.NaN), m.getOrDefault("time/actor_s", Double.NaN));
            }
            @Override public void onMessage(String msg) { System.out.println(msg); }
        });
        System.out.println(t.run());
    }
}
