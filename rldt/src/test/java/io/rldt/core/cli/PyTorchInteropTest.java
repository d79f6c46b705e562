package io.rldt.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rldt.core.config.PolicyConfig;
import io.rldt.core.data.NormalizationStats;
import io.rldt.core.dataset.NdArray;
import io.rldt.core.dataset.Npz;
import io.rldt.core.dataset.Python3;
import io.rldt.core.policy.FlowPolicy;
import io.rldt.core.policy.VelocityNet;
import io.rldt.core.train.PretrainedPolicy;
import io.rldt.engine.Rng;
import io.rldt.engine.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy saved by rldt-jvm, loaded into PyTorch by {@code src/test/python/rldt_torch.py} (the code
 * docs/pytorch-interop.md shows), reproduces the Java actions from the same observations and initial noise.
 */
class PyTorchInteropTest {
    static final Path SCRIPT_DIR = Path.of("src/test/python");

    @Test
    void pytorch_reproduces_the_java_euler_chain(@TempDir Path tmp) throws IOException {
        assumeTrue(Python3.has("numpy", "torch"), "python3 with torch is absent");
        int n = 9, o = 3, h = 2, a = 2, d = h * a;
        PolicyConfig pc = new PolicyConfig(5, 32, 2, 16, 24, true);
        VelocityNet net = new VelocityNet(o, d, pc, new Rng(7));
        FlowPolicy policy = new FlowPolicy(net, pc.denoisingSteps());
        NormalizationStats stats = new NormalizationStats(new double[] {-1, -2, -8}, new double[] {1, 2, 8},
                new double[] {-2, 0}, new double[] {2, 1}, true);
        Path file = tmp.resolve("pretrained.safetensors");
        new PretrainedPolicy(policy, stats, 0.5).save(file, h);

        Rng data = new Rng(11);
        Tensor obs = Tensor.zeros(n, o);
        for (int i = 0; i < obs.size(); i++) obs.data()[i] = (float) (2 * data.nextGaussian());
        long seed = 42;
        double[] x0 = new double[n * d];
        Rng noise = new Rng(seed); // FlowPolicy.sample draws x0 row-major from its Rng first
        for (int i = 0; i < x0.length; i++) x0[i] = (float) noise.nextGaussian();
        Tensor actions = policy.act(obs, new Rng(seed), false);
        Tensor det = policy.act(obs, new Rng(seed), true);

        Map<String, NdArray> c = new LinkedHashMap<>();
        c.put("obs", NdArray.float32(doubles(obs), n, o));
        c.put("x0", NdArray.float32(x0, n, d));
        c.put("actions", NdArray.float32(doubles(actions), n, d));
        c.put("det", NdArray.float32(doubles(det), n, d));
        Path caseFile = tmp.resolve("case.npz");
        Npz.write(caseFile, c);
        Python3.Result r = Python3.run(List.of(SCRIPT_DIR.resolve("check_torch_policy.py").toString(), file.toString(),
                caseFile.toString()));
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("max |torch - java|"), r.output());
    }

    @Test
    void the_documented_snippet_is_the_tested_one() throws IOException {
        String code = Files.readString(SCRIPT_DIR.resolve("rldt_torch.py"));
        String doc = Files.readString(Path.of("../docs/pytorch-interop.md"));
        assertTrue(doc.contains(code), "docs/pytorch-interop.md must show src/test/python/rldt_torch.py verbatim");
    }

    private static double[] doubles(Tensor t) {
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = t.data()[i];
        return out;
    }
}
