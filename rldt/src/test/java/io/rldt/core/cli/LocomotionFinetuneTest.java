package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rldt.autodiff.io.Safetensors;
import io.rldt.core.config.Presets;
import io.rldt.core.train.RunFiles;
import io.rldt.engine.Tensor;
import io.rldt.envs.mujoco.MujocoNative;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code finetune --preset <task>-cpu} from a fresh clone: no dataset, no flag; the run starts from the pretrained
 * flow policy shipped in the jar, trains (a tiny budget here) and writes its run directory.
 */
@Tag("mujoco")
class LocomotionFinetuneTest {
    static final List<String> TINY = List.of("loop.iterations=3", "loop.evalEvery=2", "loop.envs=2",
            "loop.chunkSteps=5", "loop.evalEpisodes=2", "loop.rounds=1", "critic.stepsPerRound=2",
            "actor.stepsPerRound=2", "actor.startIteration=-1", "loop.threads=1");

    @ParameterizedTest
    @ValueSource(strings = {"halfcheetah-cpu", "hopper-cpu", "walker2d-cpu"})
    void finetune_starts_from_the_shipped_policy_and_changes_it(String preset, @TempDir Path tmp) throws IOException {
        assumeTrue(MujocoNative.isAvailable(), () -> "MuJoCo unavailable: " + MujocoNative.unavailableReason());
        assumeTrue(Presets.bundledPretrained(preset).isPresent(), () -> preset + " ships no pretrained policy yet");
        Path dir = tmp.resolve("run");
        List<String> args = new ArrayList<>(List.of("finetune", "--preset", preset, "--run-dir", dir.toString(), "-q"));
        args.addAll(Cli.sets(TINY));
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        RunFiles f = new RunFiles(dir);
        for (Path x : List.of(f.config(), f.metadata(), f.pretrained(), f.checkpoint(), f.metricsCsv(), f.summary(),
                f.learningCurve())) {
            assertTrue(Files.size(x) > 0, x + " missing");
        }
        byte[] shipped;
        try (var in = Presets.class.getResourceAsStream(Presets.bundledPretrained(preset).get())) {
            shipped = in.readAllBytes();
        }
        assertTrue(Arrays.equals(shipped, Files.readAllBytes(f.pretrained())), "the run starts from the shipped policy");
        Map<String, Tensor> before = Safetensors.read(f.pretrained()).tensors(), after = Safetensors.read(f.checkpoint()).tensors();
        boolean changed = false;
        for (var e : before.entrySet()) {
            Tensor now = after.get(e.getKey());
            assertTrue(now != null, e.getKey() + " in the checkpoint");
            changed |= !Arrays.equals(e.getValue().toArray(), now.toArray());
        }
        assertTrue(changed, "actor steps moved the policy");
        assertFalse(Files.readString(f.metricsCsv()).isBlank());
    }

    /** Every baseline runs on the locomotion preset from the same shipped policy (issue: baselines at equal budgets). */
    @ParameterizedTest
    @ValueSource(strings = {"reinflow", "dppo", "fpo", "qam"})
    void baselines_run_on_hopper_cpu_from_the_shipped_policy(String algo, @TempDir Path tmp) throws IOException {
        assumeTrue(MujocoNative.isAvailable(), () -> "MuJoCo unavailable: " + MujocoNative.unavailableReason());
        Path dir = tmp.resolve(algo);
        List<String> args = new ArrayList<>(List.of("finetune", "--algo", algo, "--preset", "hopper-cpu", "--run-dir",
                dir.toString(), "-q"));
        args.addAll(Cli.sets(algo.equals("qam") ? TINY : List.of("loop.iterations=3", "loop.evalEvery=2", "loop.envs=2",
                "loop.chunkSteps=5", "loop.evalEpisodes=2", "loop.threads=1", "ppo.epochs=1", "ppo.minibatchSize=8")));
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Hopper-v4: pretrained return "), r.out());
        byte[] shipped;
        try (var in = Presets.class.getResourceAsStream(Presets.bundledPretrained("hopper-cpu").get())) {
            shipped = in.readAllBytes();
        }
        RunFiles f = new RunFiles(dir);
        assertTrue(Arrays.equals(shipped, Files.readAllBytes(f.pretrained())), "the run starts from the shipped policy");
        assertTrue(Files.readString(f.metricsCsv()).contains("eval/return_mean"));
        assertTrue(Files.size(f.checkpoint()) > 0 && Files.size(f.summary()) > 0);
    }
}
