package io.rldt.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.autodiff.io.CheckpointException;
import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.RldtConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run directory belongs to one configuration, except after a start that failed before training anything. */
class RunDirectoryTest {
    private static RldtConfig tiny(int iterations) {
        return ConfigToml.override(DeterminismAndResumeTest.tiny(), List.of("loop.iterations=" + iterations));
    }

    @Test
    void a_failed_start_does_not_block_the_corrected_rerun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        RldtConfig broken = ConfigToml.override(tiny(2), List.of("task.demoSource=" + tmp.resolve("missing.npz")));
        assertThrows(RuntimeException.class, () -> new Trainer(broken, dir).run());
        assertTrue(Files.exists(dir.resolve("config.toml")), "the failed start wrote its config");
        new Trainer(tiny(2), dir).run();                               // corrected: runs, no refusal
        assertEquals(ConfigToml.write(tiny(2)), Files.readString(dir.resolve("config.toml")));
    }

    @Test
    void a_run_that_trained_refuses_another_config_and_has_its_plots(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        double[] asked = new double[1];
        Trainer t = new Trainer(tiny(2), dir).rewardLandscape((x, y) -> asked[0]++);
        t.run();
        assertEquals(List.of(dir.resolve("learning_curve.png"), dir.resolve("particles.png")), t.plots());
        assertTrue(Files.size(dir.resolve("learning_curve.png")) > 1000 && Files.size(dir.resolve("particles.png")) > 1000);
        assertTrue(asked[0] > 100, "the particle picture drew the caller's landscape");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Trainer(tiny(3), dir).run());
        assertTrue(e.getMessage().contains("different config") && e.getMessage().contains(": loop.iterations is 2 in the run, 3 now)"),
                e.getMessage());
    }

    /** A resume continues the run it claims to: its pretrained policy present and unchanged, its iteration inside the run. */
    @Test
    void a_checkpoint_resumes_only_the_run_it_belongs_to(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run"), other = tmp.resolve("other");
        new Trainer(tiny(3), dir).run();
        new Trainer(tiny(3).withSeed(5), other).run();
        Path pretrained = dir.resolve("pretrained.safetensors"), saved = tmp.resolve("pretrained.copy");
        Files.copy(pretrained, saved);

        Files.delete(pretrained);
        CheckpointException e = assertThrows(CheckpointException.class, () -> new Trainer(tiny(3), dir).run());
        assertTrue(e.getMessage().contains("pretrained.safetensors is missing"), e.getMessage());
        assertTrue(!Files.exists(pretrained), "nothing was pretrained again");

        Files.copy(other.resolve("pretrained.safetensors"), pretrained);
        e = assertThrows(CheckpointException.class, () -> new Trainer(tiny(3), dir).run());
        assertTrue(e.getMessage().contains("is not the one this checkpoint started from"), e.getMessage());

        Files.copy(saved, pretrained, StandardCopyOption.REPLACE_EXISTING);
        new Trainer(tiny(3), dir).run(); // its own pretrained policy back: resumes (complete)

        // A checkpoint written before the digest existed resumes without the check.
        Path ckpt = dir.resolve("checkpoint.safetensors");
        Safetensors.Contents c = Safetensors.read(ckpt);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        assertTrue(meta.remove(RunFiles.PRETRAINED_SHA256) != null);
        Safetensors.write(ckpt, c.tensors(), meta);
        new Trainer(tiny(3), dir).run();

        // An edited checkpoint claiming an iteration past the run's end.
        meta.put("loop.iteration", "99");
        Safetensors.write(ckpt, c.tensors(), meta);
        e = assertThrows(CheckpointException.class, () -> new Trainer(tiny(3), dir).run());
        assertTrue(e.getMessage().contains("loop.iteration = 99 lies outside this run's iterations 0..2"), e.getMessage());
    }

    /** A failed start that got as far as pretraining: its policy serves a rerun only under the same pretraining config. */
    @Test
    void a_failed_starts_pretrained_policy_serves_only_the_same_pretraining(@TempDir Path tmp) throws Exception {
        Path done = tmp.resolve("done");
        new Trainer(tiny(2), done).run();
        Path failed = tmp.resolve("failed");
        Files.createDirectories(failed);
        Files.copy(done.resolve("pretrained.safetensors"), failed.resolve("pretrained.safetensors"));
        Files.writeString(failed.resolve("config.toml"), ConfigToml.write(tiny(2).withSeed(9)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Trainer(tiny(2), failed).run());
        assertTrue(e.getMessage().contains("holds a pretrained.safetensors made for another task, policy, pretraining or seed"),
                e.getMessage());
        Files.writeString(failed.resolve("config.toml"), ConfigToml.write(tiny(3))); // same pretraining, other loop
        new Trainer(tiny(2), failed).run();
        assertEquals(DeterminismAndResumeTest.reproducibleMetrics(done), DeterminismAndResumeTest.reproducibleMetrics(failed));
    }
}
