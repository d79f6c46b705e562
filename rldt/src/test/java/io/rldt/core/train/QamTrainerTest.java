package io.rldt.core.train;

import static io.rldt.core.train.DeterminismAndResumeTest.assertSameTensors;
import static io.rldt.core.train.DeterminismAndResumeTest.checkpointAfter;
import static io.rldt.core.train.DeterminismAndResumeTest.child;
import static io.rldt.core.train.DeterminismAndResumeTest.reproducibleMetrics;
import static io.rldt.core.train.DeterminismAndResumeTest.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.agent.QamAgent;
import io.rldt.core.config.ConfigToml;
import io.rldt.core.config.RldtConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QAM port through the shared trajectory loop keeps the loop's guarantees: reruns are bit-identical, a run
 * killed with SIGKILL resumes bit-identically, and the actor actually trains (adjoint metrics logged, policy
 * weights changed).
 */
class QamTrainerTest {
    /** The QAM settings of {@link RldtConfig#asQam()} as overrides for the CLI child. */
    static final List<String> QAM = List.of("algorithm=qam", "critic.activation=relu", "critic.target=mean-std");

    @Test
    void qam_reruns_are_bit_identical_and_the_actor_trains(@TempDir Path tmp) throws Exception {
        RldtConfig cfg = ConfigToml.override(DeterminismAndResumeTest.tiny(), QAM);
        Trainer a = new Trainer(cfg, tmp.resolve("a"));
        a.run();
        new Trainer(cfg, tmp.resolve("b")).run();
        assertEquals(reproducibleMetrics(tmp.resolve("a")), reproducibleMetrics(tmp.resolve("b")));
        assertSameTensors(tmp.resolve("a/checkpoint.safetensors"), tmp.resolve("b/checkpoint.safetensors"));
        assertTrue(a.agent() instanceof QamAgent);
        String metrics = Files.readString(tmp.resolve("a/metrics.jsonl"));
        assertTrue(metrics.contains("\"actor/adj_mean\"") && metrics.contains("\"actor/loss_kl\""), metrics);
        float[] before = a.pretrained().policy().net().namedParameters().values().iterator().next().value().data();
        float[] after = a.agent().policy().net().namedParameters().values().iterator().next().value().data();
        assertTrue(!java.util.Arrays.equals(before, after), "fine-tuning changed the policy");
    }

    @Test
    void killed_qam_run_resumes_bit_identically(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight"), killed = tmp.resolve("killed");
        Process uninterrupted = child(straight, QAM);
        assertTrue(uninterrupted.waitFor(120, TimeUnit.SECONDS), "uninterrupted child timed out");
        assertEquals(0, uninterrupted.exitValue(), () -> "uninterrupted child failed: " + output(straight));
        Process p = child(killed, QAM);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !checkpointAfter(killed, 2)) Thread.sleep(20);
        assertTrue(p.isAlive(), "the child finished before it could be killed; make the run longer");
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        Process resumed = child(killed, QAM);
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "resumed child timed out");
        assertEquals(0, resumed.exitValue(), () -> "resumed child failed: " + output(killed));
        assertEquals(reproducibleMetrics(straight), reproducibleMetrics(killed));
        assertSameTensors(straight.resolve("checkpoint.safetensors"), killed.resolve("checkpoint.safetensors"));
    }
}
