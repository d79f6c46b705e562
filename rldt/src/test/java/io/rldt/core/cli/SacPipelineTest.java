package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rldt.core.dataset.Datasets;
import io.rldt.core.dataset.Python3;
import io.rldt.core.dataset.StepDataset;
import io.rldt.envs.mujoco.MujocoNative;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From nothing to a pretrained locomotion flow policy with tiny budgets: {@code sac} on Hopper-v4, {@code collect}
 * from one of its snapshots into D4RL HDF5 and npz (read back by the project's readers and by h5py),
 * {@code pretrain} on the result.
 */
@Tag("mujoco")
class SacPipelineTest {
    static final List<String> TINY_SAC = List.of("sac.hidden=16", "sac.batchSize=32", "sac.learningStarts=300",
            "loop.totalSteps=1000", "loop.logEvery=250", "loop.evalEvery=500", "loop.evalEpisodes=2",
            "loop.snapshotEvery=500", "loop.checkpointEvery=500");

    @Test
    void sac_collect_pretrain_on_hopper(@TempDir Path tmp) throws IOException {
        assumeTrue(MujocoNative.isAvailable(), () -> "MuJoCo unavailable: " + MujocoNative.unavailableReason());
        Path sac = tmp.resolve("sac");
        List<String> args = new ArrayList<>(List.of("sac", "--preset", "sac-hopper", "--run-dir", sac.toString(), "-q"));
        args.addAll(Cli.sets(TINY_SAC));
        Cli r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("SAC Hopper-v4: final evaluation"), r.out());
        Path snap = sac.resolve("snapshots/actor_step00001000.safetensors");
        assertTrue(Files.exists(snap) && Files.exists(sac.resolve("learning_curve.png")) && Files.exists(sac.resolve("checkpoint.safetensors")));

        Path a = tmp.resolve("a/hopper.hdf5"), b = tmp.resolve("b/hopper.hdf5");
        for (Path out : List.of(a, b)) {
            Cli c = Cli.run("collect", "--policy", snap.toString(), "--steps", "3000", "--seed", "3", "-o", out.toString(), "-q");
            assertEquals(0, c.code(), c.err());
            assertTrue(c.out().contains("Hopper-v4: 3000 steps"), c.out());
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "the HDF5 file is a function of the seed");
        Path npz = a.resolveSibling("hopper.npz");
        assertArrayEquals(Files.readAllBytes(npz), Files.readAllBytes(b.resolveSibling("hopper.npz")));

        StepDataset h5 = Datasets.loadHdf5(a), np = Datasets.loadNpz(npz);
        assertEquals(3000, h5.size());
        assertEquals(3000, np.size());
        assertArrayEquals(np.lengths(), h5.lengths(), "episode boundaries agree (terminals | timeouts in HDF5)");
        for (int i = 0; i < 3000; i += 97) {
            assertArrayEquals(np.observations()[i], h5.observations()[i], 0.0);
            assertArrayEquals(np.actions()[i], h5.actions()[i], 0.0);
            assertEquals(np.rewards()[i], h5.rewards()[i], 0.0);
            assertEquals(np.terminals()[i], h5.terminals()[i]);
        }

        if (Python3.has("h5py", "numpy")) {
            String py = """
                    import sys, h5py, numpy as np
                    f = h5py.File(sys.argv[1], 'r'); z = np.load(sys.argv[2])
                    keys = ['actions', 'next_observations', 'observations', 'rewards', 'terminals', 'timeouts']
                    assert sorted(f.keys()) == keys, list(f.keys())
                    n = 3000
                    assert f['observations'].shape == (n, 11) and f['next_observations'].shape == (n, 11)
                    assert f['actions'].shape == (n, 3) and f['rewards'].shape == (n,)
                    assert f['observations'].dtype == np.float32 and f['rewards'].dtype == np.float32
                    o, o2 = f['observations'][:], f['next_observations'][:]
                    done = f['terminals'][:].astype(bool) | f['timeouts'][:].astype(bool)
                    assert np.array_equal(o2[:-1][~done[:-1]], o[1:][~done[:-1]]), 'next_observations follow'
                    assert done[-1], 'the budget cut is a timeout'
                    assert done.sum() == len(z['traj_lengths']), (done.sum(), len(z['traj_lengths']))
                    assert np.array_equal(z['states'], o) and np.array_equal(z['actions'], f['actions'][:])
                    assert np.abs(z['actions']).max() <= 1
                    a = f.attrs
                    assert a['env'] in (b'Hopper-v4', 'Hopper-v4') and int(a['transitions']) == n
                    assert int(a['policy_snapshot_step']) == 1000 and int(a['collect_seed']) == 3
                    ends = np.cumsum(z['traj_lengths']); r = np.add.reduceat(f['rewards'][:].astype(np.float64), np.r_[0, ends[:-1]])
                    complete = r[:-1] if not f['terminals'][-1] and f['timeouts'][-1] else r
                    assert abs(complete.mean() - float(a['return_mean'])) < 1e-3 * max(1, abs(complete.mean())), (complete.mean(), a['return_mean'])
                    print('ok')
                    """;
            assertTrue(Python3.script(py, a.toString(), npz.toString()).contains("ok"));
        }

        Path pre = tmp.resolve("pre");
        Cli p = Cli.run("pretrain", "--preset", "gym-paper", "--dataset", npz.toString(), "--run-dir", pre.toString(),
                "--set", "pretrain.steps=30", "--set", "pretrain.batchSize=32", "--set", "policy.hidden=32", "-q");
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.size(pre.resolve("pretrained.safetensors")) > 0);
    }

    @Test
    void bad_sac_settings_get_one_line_naming_the_key() {
        Cli r = Cli.run("sac", "--preset", "sac-hopper", "--set", "sac.tau=0", "--run-dir", "/nonexistent/never");
        assertEquals(2, r.code());
        assertEquals("rldt sac: config 'sac.tau' = 0.0 is invalid: expected a number in (0, 1]", r.err().strip());
        Cli unknown = Cli.run("sac", "--preset", "sac-hopper", "--set", "sac.nope=1", "--run-dir", "/nonexistent/never");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'sac.nope' is unknown"), unknown.err());
        Cli preset = Cli.run("sac", "--preset", "sac-nothing", "--run-dir", "/nonexistent/never");
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("sac-hopper"), preset.err());
        Cli help = Cli.run("sac", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Usage: rldt sac"), help.out());
    }
}
