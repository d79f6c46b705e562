package io.rldt.core.cli;

import io.rldt.core.metrics.D4rlScore;
import io.rldt.core.train.RunFiles;
import io.rldt.core.train.SacSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Lists the actor snapshots of a SAC run with their evaluation returns and D4RL scores, and picks the medium
 * policy of baselines spec §1.6: the first snapshot whose evaluation return lies within ±tolerance of the target
 * (a third of D4RL's expert return unless {@code --target} says otherwise).
 */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
        description = {"List a SAC run's actor snapshots (step, evaluation return, D4RL score) and pick the medium one:",
                "the first whose return is within ±tolerance of the target (default: a third of D4RL's expert return)."})
final class SnapshotsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory of `rldt sac`")
    Path runDir;

    @Option(names = "--target", description = "the medium return (default: D4RL expert / 3 for Hopper, HalfCheetah, Walker2d)")
    Double target;

    @Option(names = "--tolerance", description = "relative band around the target (default: ${DEFAULT-VALUE})", defaultValue = "0.1")
    double tolerance;

    @Option(names = "--copy-medium", paramLabel = "FILE", description = "copy the picked snapshot to FILE")
    Path copy;

    @Override
    public Integer call() throws IOException {
        Path dir = new RunFiles(runDir).snapshots();
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(runDir + " has no snapshots/ (not a `rldt sac` run directory?)");
        if (!(tolerance > 0)) throw new IllegalArgumentException("--tolerance is " + tolerance + ", expected a number > 0");
        List<SacSnapshot.Loaded> snaps = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(SacSnapshot::isSnapshot).sorted().toList()) {
                snaps.add(SacSnapshot.load(f));
                files.add(f);
            }
        }
        if (snaps.isEmpty()) throw new IllegalArgumentException(dir + " holds no SAC actor snapshots");
        String env = snaps.getFirst().env();
        double goal = target != null ? target : D4rlScore.mediumTarget(env);
        int pick = -1;
        System.out.printf(Locale.ROOT, "%-34s %8s %16s %8s%n", "snapshot", "step", "eval return", "D4RL");
        for (int i = 0; i < snaps.size(); i++) {
            SacSnapshot.Loaded s = snaps.get(i);
            boolean inBand = Double.isFinite(goal) && Math.abs(s.evalReturn() - goal) <= tolerance * Math.abs(goal);
            if (inBand && pick < 0) pick = i;
            System.out.printf(Locale.ROOT, "%-34s %8d %9.1f ± %5.1f %8.1f%s%n", files.get(i).getFileName(), s.step(),
                    s.evalReturn(), s.evalStd(), D4rlScore.normalized(env, s.evalReturn()), pick == i ? "   <- medium" : "");
        }
        if (!Double.isFinite(goal)) {
            System.out.println(env + " has no D4RL reference; pass --target to pick a medium snapshot");
            return 0;
        }
        if (pick < 0) {
            System.out.printf(Locale.ROOT, "no snapshot within ±%.0f%% of the target %.1f yet%n", 100 * tolerance, goal);
            return copy == null ? 0 : 3;
        }
        System.out.printf(Locale.ROOT, "medium (target %.1f ± %.0f%%): %s%n", goal, 100 * tolerance, files.get(pick));
        if (copy != null) {
            Path parent = copy.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".medium", ".tmp");
            Files.copy(files.get(pick), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("copied to " + copy);
        }
        return 0;
    }
}
