package io.rldt.core.cli;

import static io.rldt.core.cli.ConfigErrorsTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rldt.core.train.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A file system that refuses a write is one line naming the file, exit 2; a killed run's temporaries are swept. */
class FileSystemErrorsTest {

    private static String handled(Exception e) {
        CommandLine cmd = Main.commandLine().getSubcommands().get("finetune");
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        assertEquals(2, Main.handle(e, cmd, null));
        String out = err.toString();
        assertEquals(1, out.lines().count(), out);
        assertFalse(out.contains("\tat "), out);
        return out.trim();
    }

    @Test
    void ioFailuresAreOneLineNamingThePath() {
        assertEquals("rldt finetune: runs/a/config.toml: permission denied",
                handled(new AccessDeniedException("runs/a/config.toml")));
        assertEquals("rldt finetune: runs/a/metrics.csv: Read-only file system",
                handled(new UncheckedIOException(new FileSystemException("runs/a/metrics.csv", null, "Read-only file system"))));
        assertTrue(handled(new RuntimeException(new FileSystemException("runs/a/checkpoint.safetensors", null,
                "No space left on device"))).startsWith("rldt finetune: runs/a/checkpoint.safetensors: No space left on device (disk full"));
        assertEquals("rldt finetune: No space left on device", handled(new IOException("No space left on device")));
    }

    @Test
    void aRunDirectoryUnderARegularFileIsOneLine(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("notadir"), "x");
        fails(file.toString(), "pretrain", "--preset", "bandit", "--set", "pretrain.steps=1", "--run-dir",
                file.resolve("run").toString());
    }

    @Test
    void staleTemporariesAreRemovedAndNothingElse(@TempDir Path tmp) throws IOException {
        RunFiles files = new RunFiles(tmp);
        Files.createDirectories(files.snapshots());
        List<Path> stale = List.of(tmp.resolve(".config.toml123.tmp"), tmp.resolve(".metrics.csv9.tmp"),
                tmp.resolve("checkpoint.safetensors.8417.tmp"), tmp.resolve(".checkpoint.safetensors.77.tmp"),
                files.snapshots().resolve(".actor_step00010000.safetensors.5.tmp"));
        List<Path> kept = List.of(tmp.resolve("config.toml"), tmp.resolve("notes.tmp"), tmp.resolve("checkpoint.safetensors"),
                files.snapshots().resolve("actor_step00010000.safetensors"));
        for (Path p : stale) Files.writeString(p, "half");
        for (Path p : kept) Files.writeString(p, "whole");
        Files.createDirectory(tmp.resolve(".dir.tmp"));
        assertEquals(stale.size(), files.removeStaleTemporaries().size());
        for (Path p : stale) assertFalse(Files.exists(p), p.toString());
        for (Path p : kept) assertTrue(Files.exists(p), p.toString());
        assertTrue(Files.isDirectory(tmp.resolve(".dir.tmp")), "directories are not touched");
        assertEquals(List.of(), new RunFiles(tmp.resolve("missing")).removeStaleTemporaries());
    }

    @Test
    void theSweepRunsWhenACommandOpensItsRunDirectory(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        Path stale = Files.writeString(dir.resolve(".pretrained.safetensors.42.tmp"), "half");
        Cli r = Cli.run("pretrain", "--preset", "bandit", "--set", "pretrain.steps=1", "--set", "pretrain.batchSize=8",
                "--set", "policy.hidden=8", "--set", "task.demoEpisodes=16", "--run-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(stale));
    }
}
